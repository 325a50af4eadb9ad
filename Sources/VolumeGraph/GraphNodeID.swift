/// The identity of a graph node: kind, namespace and name.
///
/// Never a bare name: pods-graph keyed objects by name and merged a PVC `data` in one
/// namespace with a pod `data` in another.
public struct GraphNodeID: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public var kind: ObjectKind
    /// Nil for cluster-scoped kinds (PersistentVolume, StorageClass, Node).
    public var namespace: String?
    public var name: String

    /// Cluster-scoped kinds lose any namespace given; namespaced kinds without one get `default`,
    /// as the API server would have assigned.
    public init(kind: ObjectKind, namespace: String?, name: String) {
        self.kind = kind
        if kind.isClusterScoped {
            self.namespace = nil
        } else if let namespace, !namespace.isEmpty {
            self.namespace = namespace
        } else {
            self.namespace = "default"
        }
        self.name = name
    }

    /// For values already normalised (a node's own fields): skips the checks above.
    init(normalized kind: ObjectKind, namespace: String?, name: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
    }

    /// `Kind namespace/name`, or `Kind name` for cluster-scoped objects.
    public var description: String { "\(kind.rawValue) \(qualifiedName)" }

    /// `namespace/name`, or `name` for cluster-scoped objects.
    public var qualifiedName: String { namespace.map { "\($0)/\(name)" } ?? name }

    /// Cluster-scoped objects first, then by namespace, kind and name.
    public static func < (lhs: GraphNodeID, rhs: GraphNodeID) -> Bool {
        if lhs.namespace != rhs.namespace {
            guard let left = lhs.namespace else { return true }
            guard let right = rhs.namespace else { return false }
            return left < right
        }
        if lhs.kind != rhs.kind { return lhs.kind < rhs.kind }
        return lhs.name < rhs.name
    }
}
