/// Percentages above which the table marks a cell (strict `>`, as alerts compare).
/// Nil disables marking for that measure.
public struct CapacityThresholds: Sendable, Equatable {
    public var cpuRequests: Double?
    public var cpuLimits: Double?
    public var memoryRequests: Double?
    public var memoryLimits: Double?

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
