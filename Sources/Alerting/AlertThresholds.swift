/// The four capacity thresholds of a policy; a nil threshold is switched off and never alerts.
public struct AlertThresholds: Sendable, Hashable, Codable {
    public var cpuRequests: AlertThreshold?
    public var cpuLimits: AlertThreshold?
    public var memoryRequests: AlertThreshold?
    public var memoryLimits: AlertThreshold?

    public init(cpuRequests: AlertThreshold? = nil, cpuLimits: AlertThreshold? = nil,
                memoryRequests: AlertThreshold? = nil, memoryLimits: AlertThreshold? = nil) {
        self.cpuRequests = cpuRequests
        self.cpuLimits = cpuLimits
        self.memoryRequests = memoryRequests
        self.memoryLimits = memoryLimits
    }

    /// Every threshold switched off.
    public static let off = AlertThresholds()

    /// The threshold for `measure`; nil when it is switched off, and always nil for ``Measure/clusterUnreachable``.
    public subscript(measure: Measure) -> AlertThreshold? {
        get {
            switch measure {
            case .cpuRequests: cpuRequests
            case .cpuLimits: cpuLimits
            case .memoryRequests: memoryRequests
            case .memoryLimits: memoryLimits
            case .clusterUnreachable, .notifierFailing: nil
            }
        }
        set {
            switch measure {
            case .cpuRequests: cpuRequests = newValue
            case .cpuLimits: cpuLimits = newValue
            case .memoryRequests: memoryRequests = newValue
            case .memoryLimits: memoryLimits = newValue
            case .clusterUnreachable, .notifierFailing: break
            }
        }
    }
}
