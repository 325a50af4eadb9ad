/// Orders report rows by a ``CapacitySortKey``.
struct CapacitySorter {
    var key: CapacitySortKey

    func sorted(_ nodes: [NodeCapacity]) -> [NodeCapacity] {
        nodes.sorted { a, b in
            Self.precedes(figure(a), figure(b)) ?? (a.name < b.name)
        }
    }

    /// The row numbers of `rows` in this key's order; ties, and the name sort, go by namespace, pod name, node.
    func sorted(_ order: [UInt32], of rows: PodCapacityRows) -> [UInt32] {
        let namespaceRanks = rows.namespaceRanks, nodeRanks = rows.nodeRanks
        return order.sorted { a, b in
            Self.precedes(figure(rows.figures(ofRow: a)), figure(rows.figures(ofRow: b)))
                ?? rows.namePrecedes(a, b, namespaceRanks: namespaceRanks, nodeRanks: nodeRanks)
        }
    }

    /// Largest first, missing last; nil when equal (the caller falls back to names).
    private static func precedes(_ a: Double??, _ b: Double??) -> Bool? {
        guard case .some(let x) = a, case .some(let y) = b else { return nil }
        switch (x, y) {
        case let (x?, y?): return x == y ? nil : x > y
        case (nil, nil): return nil
        case (nil, _): return false
        case (_, nil): return true
        }
    }

    /// The sort figure; `.none` when sorting by name, `.some(nil)` for an n/a percentage.
    private func figure(_ node: NodeCapacity) -> Double?? {
        switch key {
        case .name: .none
        case .podCount: .some(Double(node.pods.count))
        default: figure(cpu: node.cpu, memory: node.memory)
        }
    }

    private func figure(_ pod: (cpu: PodFigures, memory: PodFigures)) -> Double?? {
        switch key {
        case .name, .podCount: .none
        case .cpuRequests: .some(Double(pod.cpu.requests))
        case .cpuLimits: .some(Double(pod.cpu.limits))
        case .cpuRequestsPercent: .some(pod.cpu.requestsPercent)
        case .cpuLimitsPercent: .some(pod.cpu.limitsPercent)
        case .memoryRequests: .some(Double(pod.memory.requests))
        case .memoryLimits: .some(Double(pod.memory.limits))
        case .memoryRequestsPercent: .some(pod.memory.requestsPercent)
        case .memoryLimitsPercent: .some(pod.memory.limitsPercent)
        }
    }

    private func figure(cpu: ResourceFigures, memory: ResourceFigures) -> Double?? {
        switch key {
        case .name, .podCount: .none
        case .cpuRequests: .some(Double(cpu.requests))
        case .cpuLimits: .some(Double(cpu.limits))
        case .cpuRequestsPercent: .some(cpu.requestsPercent)
        case .cpuLimitsPercent: .some(cpu.limitsPercent)
        case .memoryRequests: .some(Double(memory.requests))
        case .memoryLimits: .some(Double(memory.limits))
        case .memoryRequestsPercent: .some(memory.requestsPercent)
        case .memoryLimitsPercent: .some(memory.limitsPercent)
        }
    }
}
