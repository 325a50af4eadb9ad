/// One node or pod as the evaluator sees it: its requests and limits, the allocatable they are a share of,
/// and the labels of the node it is (on).
///
/// A small input of its own keeps the evaluator independent of how the capacity engine shapes its
/// report; an adapter turns a report into a sequence of these.
public struct CapacityObservation: Sendable, Hashable {
    /// The requested and limited amounts of one resource and the node allocatable they are compared with.
    public struct Usage: Sendable, Hashable {
        /// Millicores or bytes.
        public var requests: Int64
        /// Millicores or bytes; containers without a limit add nothing.
        public var limits: Int64
        /// The node's allocatable (capacity when it reports none); nil or zero when unknown, which
        /// means this resource cannot be checked.
        public var allocatable: Int64?

        public init(requests: Int64, limits: Int64, allocatable: Int64?) {
            self.requests = requests
            self.limits = limits
            self.allocatable = allocatable
        }
    }

    /// `.node(name)` or `.pod(namespace:name:)`; `.cluster` is never observed.
    public var object: AlertObject
    /// The labels of the node (for a pod: of the node it is bound to), matched by policies' node selectors.
    public var nodeLabels: [String: String]
    public var cpu: Usage
    public var memory: Usage

    public init(object: AlertObject, nodeLabels: [String: String] = [:], cpu: Usage, memory: Usage) {
        self.object = object
        self.nodeLabels = nodeLabels
        self.cpu = cpu
        self.memory = memory
    }

    /// The (value, allocatable) pair `measure` compares; nil for ``Measure/clusterUnreachable``.
    public func figures(for measure: Measure) -> (value: Int64, allocatable: Int64?)? {
        switch measure {
        case .cpuRequests: (cpu.requests, cpu.allocatable)
        case .cpuLimits: (cpu.limits, cpu.allocatable)
        case .memoryRequests: (memory.requests, memory.allocatable)
        case .memoryLimits: (memory.limits, memory.allocatable)
        case .clusterUnreachable, .notifierFailing: nil
        }
    }
}
