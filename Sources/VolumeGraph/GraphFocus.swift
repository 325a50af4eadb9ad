/// One object and how many relationship hops around it to show, following edges both ways.
public struct GraphFocus: Sendable, Equatable {
    public var target: GraphNodeID
    /// 0 shows the object alone, 1 its direct neighbours, and so on.
    public var depth: Int

    public init(target: GraphNodeID, depth: Int = 1) {
        self.target = target
        self.depth = max(0, depth)
    }

    /// Parses `kind/namespace/name`, or `kind/name` for cluster-scoped kinds. The kind may be
    /// written as kubectl accepts it: `pod`, `pvc`, `PersistentVolume`, `sc`, `deploy`…
    public init(parsing text: String, depth: Int = 1) throws(GraphFocusError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3, !parts.contains(where: \.isEmpty) else {
            throw .malformed(text)
        }
        guard let kind = ObjectKind(alias: parts[0]) else { throw .unknownKind(parts[0]) }
        switch (kind.isClusterScoped, parts.count) {
        case (true, 2): self.init(target: GraphNodeID(kind: kind, namespace: nil, name: parts[1]), depth: depth)
        case (false, 3): self.init(target: GraphNodeID(kind: kind, namespace: parts[1], name: parts[2]), depth: depth)
        case (true, _): throw .clusterScopedWithNamespace(kind)
        case (false, _): throw .namespaceRequired(kind)
        }
    }
}

/// Why a `--focus` value could not be used.
public enum GraphFocusError: Error, Equatable, Sendable, CustomStringConvertible {
    case malformed(String)
    case unknownKind(String)
    case namespaceRequired(ObjectKind)
    case clusterScopedWithNamespace(ObjectKind)

    public var description: String {
        switch self {
        case .malformed(let text):
            "focus \"\(text)\": expected kind/namespace/name, or kind/name for a cluster-scoped kind"
        case .unknownKind(let kind):
            "focus: unknown kind \"\(kind)\" (use pod, pvc, pv, sc, node, deploy, sts, ds, rs, job, cronjob, svc, cm or secret)"
        case .namespaceRequired(let kind):
            "focus: \(kind) is namespaced: write \(kind.rawValue.lowercased())/namespace/name"
        case .clusterScopedWithNamespace(let kind):
            "focus: \(kind) is cluster-scoped: write \(kind.rawValue.lowercased())/name"
        }
    }
}
