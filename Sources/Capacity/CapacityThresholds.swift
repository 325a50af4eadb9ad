/// Percentages above which the table marks a cell (strict `>`, as alerts compare).
/// Nil disables marking for that measure.
public struct CapacityThresholds: Sendable, Equatable {
    /// `cpu_request_threshold`.
    public var cpuRequests: Double?
    /// `cpu_limit_threshold`.
    public var cpuLimits: Double?
    /// `mem_request_threshold`.
    public var memoryRequests: Double?
    /// `mem_limit_threshold`.
    public var memoryLimits: Double?

    /// Thresholds; nil leaves that measure unmarked.
    public init(cpuRequests: Double? = nil, cpuLimits: Double? = nil, memoryRequests: Double? = nil,
                memoryLimits: Double? = nil) {
        self.cpuRequests = cpuRequests
        self.cpuLimits = cpuLimits
        self.memoryRequests = memoryRequests
        self.memoryLimits = memoryLimits
    }

    /// No marking at all.
    public static let none = CapacityThresholds()

    static func exceeds(_ percent: Double?, _ threshold: Double?) -> Bool {
        guard let percent, let threshold else { return false }
        return percent > threshold
    }
}
