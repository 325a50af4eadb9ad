import KubeModel

/// Resource names with special meaning in capacity figures.
public enum ResourceName {
    /// CPU, reported in millicores.
    public static let cpu = "cpu"
    /// Memory, reported in bytes.
    public static let memory = "memory"
    /// The node's pod allowance.
    public static let pods = "pods"
    /// Local ephemeral storage, in bytes.
    public static let ephemeralStorage = "ephemeral-storage"
    /// Prefix of the huge-page resources (`hugepages-2Mi`).
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

    /// True when ``figure(_:_:)`` clamps `amount` to the `Int64` range (a sum of absurd quantities).
    static func isBeyondFigureRange(_ name: String, _ amount: Quantity) -> Bool {
        let bounds = name == cpu ? (Quantity(millis: .min), Quantity(millis: .max)) : (Quantity(units: .min), Quantity(units: .max))
        return amount < bounds.0 || amount > bounds.1
    }
}
