/// The figure rows are ordered by. Figures sort largest first (what an operator looks for);
/// names sort alphabetically. Rows without a percentage (n/a) go last; ties fall back to the name.
public enum CapacitySortKey: String, Sendable, CaseIterable {
    case name
    case cpuRequests, cpuLimits, cpuRequestsPercent, cpuLimitsPercent
    case memoryRequests, memoryLimits, memoryRequestsPercent, memoryLimitsPercent
    /// Node rows by pod count; pod rows by name.
    case podCount

    /// Accepts the JSON field spelling (`cpuRequestsPercent`) and kube-capacity's
    /// (`cpu.request.percentage`, `mem.limit`), case-insensitively.
    public init?(argument: String) {
        var key = argument.lowercased().filter { $0.isLetter }
        for (long, short) in [("memory", "mem"), ("percentage", "pct"), ("percent", "pct"), ("requests", "request"),
                              ("limits", "limit"), ("count", "")] {
            key = key.replacingAll(long, with: short)
        }
        let table: [String: CapacitySortKey] = [
            "name": .name, "node": .name, "pod": .name, "pods": .podCount,
            "cpurequest": .cpuRequests, "cpulimit": .cpuLimits, "cpurequestpct": .cpuRequestsPercent,
            "cpulimitpct": .cpuLimitsPercent, "memrequest": .memoryRequests, "memlimit": .memoryLimits,
            "memrequestpct": .memoryRequestsPercent, "memlimitpct": .memoryLimitsPercent,
        ]
        guard let value = table[key] else { return nil }
        self = value
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
