import KubeModel

/// Resource names with special meaning in capacity figures.
public enum ResourceName {
    public static let cpu = "cpu"
    public static let memory = "memory"
    public static let pods = "pods"
    public static let ephemeralStorage = "ephemeral-storage"
    public static let hugePagesPrefix = "hugepages-"

    /// Resources a pod-level `spec.resources` may set (component-helpers `IsSupportedPodLevelResource`).
    static func isPodLevelSupported(_ name: String) -> Bool {
        name == cpu || name == memory || name.hasPrefix(hugePagesPrefix)
    }

    /// CPU is reported in millicores (`MilliValue()`); every other resource in whole units
    /// (`Value()`: bytes, pods, devices), both rounded up as kubectl rounds them.
    static func figure(_ name: String, _ amount: Quantity) -> Int64 {
        name == cpu ? amount.milliValue : amount.value
    }
}
