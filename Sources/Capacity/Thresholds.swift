/// The four capacity thresholds (`cpu_request_threshold`, `cpu_limit_threshold`, `mem_request_threshold`,
/// `mem_limit_threshold`) of the configuration or of one policy; a nil threshold is switched off: it never
/// alerts and never marks a table cell.
public struct Thresholds: Sendable, Hashable {
    /// `cpu_request_threshold`.
    public var cpuRequests: Threshold?
    /// `cpu_limit_threshold`.
    public var cpuLimits: Threshold?
    /// `mem_request_threshold`.
    public var memoryRequests: Threshold?
    /// `mem_limit_threshold`.
    public var memoryLimits: Threshold?

    /// Thresholds; nil switches that measure off.
    public init(cpuRequests: Threshold? = nil, cpuLimits: Threshold? = nil, memoryRequests: Threshold? = nil,
                memoryLimits: Threshold? = nil) {
        self.cpuRequests = cpuRequests
        self.cpuLimits = cpuLimits
        self.memoryRequests = memoryRequests
        self.memoryLimits = memoryLimits
    }

    /// Every threshold switched off.
    public static let off = Thresholds()
}
