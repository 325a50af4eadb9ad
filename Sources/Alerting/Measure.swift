/// What an alert measures: one of the four capacity ratios, or the watcher's own health.
///
/// Raw values are the names used in config files, logs and JSON output.
public enum Measure: String, Codable, Sendable, CaseIterable, Comparable {
    case cpuRequests = "cpu_requests"
    case cpuLimits = "cpu_limits"
    case memoryRequests = "memory_requests"
    case memoryLimits = "memory_limits"
    /// Raised by the watcher after several consecutive failed scans; carries no figures.
    case clusterUnreachable = "cluster_unreachable"
    /// Raised by the watcher when one of its notifiers cannot deliver; sent through the others.
    case notifierFailing = "notifier_failing"

    /// The resource the measure is about, nil for the watcher's own health measures.
    public var resource: Resource? {
        switch self {
        case .cpuRequests, .cpuLimits: .cpu
        case .memoryRequests, .memoryLimits: .memory
        case .clusterUnreachable, .notifierFailing: nil
        }
    }

    /// True for the four capacity ratios, false for the watcher's own health.
    public var isCapacity: Bool { resource != nil }

    /// The four capacity measures, in a stable display order.
    public static let capacityMeasures: [Measure] = [.cpuRequests, .cpuLimits, .memoryRequests, .memoryLimits]

    public static func < (lhs: Measure, rhs: Measure) -> Bool {
        lhs.sortIndex < rhs.sortIndex
    }

    private var sortIndex: Int { Measure.allCases.firstIndex(of: self) ?? 0 }

    /// A resource whose quantities an alert reports, with the base unit it is counted in.
    public enum Resource: String, Codable, Sendable {
        /// Counted in millicores.
        case cpu
        /// Counted in bytes.
        case memory

        /// A short human rendering of a base-unit amount: `3650m` for CPU, `3.5Gi` for memory.
        ///
        /// Memory uses binary units because that is what `kubectl describe node` shows operators.
        public func format(_ amount: Int64) -> String {
            switch self {
            case .cpu: return "\(amount)m"
            case .memory: return Resource.formatBytes(amount)
            }
        }

        private static func formatBytes(_ bytes: Int64) -> String {
            let units = ["Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
            var scaled = Double(bytes)
            var unit = ""
            for next in units where abs(scaled) >= 1024 {
                scaled /= 1024
                unit = next
            }
            if unit.isEmpty { return "\(bytes)" }
            let rounded = (scaled * 10).rounded() / 10
            if rounded == rounded.rounded() { return "\(Int64(rounded))\(unit)" }
            return "\(rounded)\(unit)"
        }
    }
}
