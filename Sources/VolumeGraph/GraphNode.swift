/// One object in the graph.
public struct GraphNode: Codable, Equatable, Sendable {
    public var kind: ObjectKind
    /// Nil for cluster-scoped kinds.
    public var namespace: String?
    public var name: String
    /// Kept for reference; identity is ``id``, because hand-written snapshots often lack uids.
    public var uid: String?
    /// The phase (Pod, PVC, PV), readiness (Node), or ``GraphNode/missingStatus`` for an object
    /// that is referenced but absent; nil for kinds without a status.
    public var status: String?
    public var properties: GraphNodeProperties

    /// The status of a placeholder: an object a pod references that the inventory does not hold.
    public static let missingStatus = "Missing"

    public init(id: GraphNodeID, uid: String? = nil, status: String? = nil,
                properties: GraphNodeProperties = GraphNodeProperties()) {
        kind = id.kind
        namespace = id.namespace
        name = id.name
        self.uid = uid
        self.status = status
        self.properties = properties
    }

    public var id: GraphNodeID {
        get { GraphNodeID(normalized: kind, namespace: namespace, name: name) }
        set {
            kind = newValue.kind
            namespace = newValue.namespace
            name = newValue.name
        }
    }

    /// True for a placeholder drawn where a referenced object is absent.
    public var isMissing: Bool { status == Self.missingStatus }
}
