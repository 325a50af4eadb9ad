/// A Kubernetes Node: what capacity scans compare pod sums against.
public struct Node: Decodable, Sendable, Equatable {
    /// The API's `metadata`.
    public var metadata: ObjectMeta
    /// The API's `spec`.
    public var spec: NodeSpec
    /// The API's `status`.
    public var status: NodeStatus

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(metadata: ObjectMeta, spec: NodeSpec = NodeSpec(), status: NodeStatus = NodeStatus()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    private enum CodingKeys: String, CodingKey { case metadata, spec, status }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(.metadata, default: ObjectMeta(name: ""))
        spec = try c.decode(.spec, default: NodeSpec())
        status = try c.decode(.status, default: NodeStatus())
    }
}

/// `Node.spec`: only schedulability matters here.
public struct NodeSpec: Decodable, Sendable, Equatable {
    /// The API's `spec.unschedulable`.
    public var unschedulable: Bool

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(unschedulable: Bool = false) { self.unschedulable = unschedulable }

    private enum CodingKeys: String, CodingKey { case unschedulable }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        unschedulable = try c.decode(.unschedulable, default: false)
    }
}

/// `Node.status`.
public struct NodeStatus: Decodable, Sendable, Equatable {
    /// The API's `status.capacity`.
    public var capacity: ResourceList
    /// Nil when the node reports no allocatable at all (then capacity is the denominator),
    /// which is different from an allocatable that lists a resource as zero.
    public var allocatable: ResourceList?
    /// The API's `status.conditions`.
    public var conditions: [NodeCondition]

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(capacity: ResourceList = [:], allocatable: ResourceList? = nil, conditions: [NodeCondition] = []) {
        self.capacity = capacity
        self.allocatable = allocatable
        self.conditions = conditions
    }

    private enum CodingKeys: String, CodingKey { case capacity, allocatable, conditions }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        capacity = try c.decode(.capacity, default: [:])
        allocatable = try c.decodeIfPresent(ResourceList.self, forKey: .allocatable)
        conditions = try c.decode(.conditions, default: [])
    }

    /// True when the `Ready` condition is `True`.
    public var isReady: Bool { conditions.contains { $0.type == "Ready" && $0.status == "True" } }
}

/// One entry of `Node.status.conditions`.
public struct NodeCondition: Decodable, Sendable, Equatable {
    /// The API's `status.conditions[].type`.
    public var type: String
    /// `True`, `False` or `Unknown`.
    public var status: String

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(type: String, status: String) {
        self.type = type
        self.status = status
    }
}
