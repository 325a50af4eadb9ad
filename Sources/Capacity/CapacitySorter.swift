/// Orders report rows by a ``CapacitySortKey``.
struct CapacitySorter {
    var key: CapacitySortKey

    func sorted(_ nodes: [NodeCapacity]) -> [NodeCapacity] {
        nodes.sorted { a, b in
            Self.precedes(figure(a), figure(b)) ?? (a.name < b.name)
        }
    }

    func sorted(_ pods: [PodCapacity]) -> [PodCapacity] {
        var copy = pods
        sort(&copy)
        return copy
    }

    /// Sorts pod rows in place (a report may hold 150,000 of them).
    func sort(_ pods: inout [PodCapacity]) {
        pods.sort { a, b in
            Self.precedes(figure(a), figure(b)) ?? ((a.namespace, a.name, a.node) < (b.namespace, b.name, b.node))
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

    private func figure(_ pod: PodCapacity) -> Double?? {
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
