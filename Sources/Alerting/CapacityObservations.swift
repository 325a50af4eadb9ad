import Capacity

/// The observations of a ``CapacityReport``: every node row, then every pod row joined with its node's
/// labels and allocatable. Lazy, so a 150,000-pod report is never copied into a second array.
public struct CapacityObservations: Sequence, Sendable {
    private let report: CapacityReport
    private let nodesByName: [String: NodeCapacity]

    public init(_ report: CapacityReport) {
        self.report = report
        nodesByName = Dictionary(report.nodes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func makeIterator() -> Iterator {
        Iterator(nodes: report.nodes.makeIterator(), pods: (report.pods ?? []).makeIterator(), nodesByName: nodesByName)
    }

    public struct Iterator: IteratorProtocol {
        var nodes: IndexingIterator<[NodeCapacity]>
        var pods: IndexingIterator<PodCapacityRows>
        let nodesByName: [String: NodeCapacity]

        public mutating func next() -> CapacityObservation? {
            if let node = nodes.next() { return Self.observation(of: node) }
            guard let pod = pods.next() else { return nil }
            return Self.observation(of: pod, on: nodesByName[pod.node])
        }

        static func observation(of node: NodeCapacity) -> CapacityObservation {
            CapacityObservation(object: .node(node.name), nodeLabels: node.labels,
                                cpu: .init(requests: node.cpu.requests, limits: node.cpu.limits, allocatable: node.cpu.allocatable),
                                memory: .init(requests: node.memory.requests, limits: node.memory.limits,
                                              allocatable: node.memory.allocatable))
        }

        /// A pod whose node is not in the report has nothing to be a share of: no allocatable, no alert.
        static func observation(of pod: PodCapacity, on node: NodeCapacity?) -> CapacityObservation {
            CapacityObservation(object: .pod(namespace: pod.namespace, name: pod.name), nodeLabels: node?.labels ?? [:],
                                cpu: .init(requests: pod.cpu.requests, limits: pod.cpu.limits, allocatable: node?.cpu.allocatable),
                                memory: .init(requests: pod.memory.requests, limits: pod.memory.limits,
                                              allocatable: node?.memory.allocatable))
        }
    }
}

extension PolicyEvaluator {
    /// Evaluates a capacity report: the usual entry point of the service loop.
    public func evaluate(_ report: CapacityReport, watching: Set<AlertKey> = []) -> PolicyEvaluation {
        evaluate(CapacityObservations(report), watching: watching)
    }
}
