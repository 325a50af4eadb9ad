/// Narrows a complete graph to what the options ask for: namespaces first, then the focus
/// neighbourhood.
///
/// Namespace rule: every object of a selected namespace is shown, and a cluster-scoped object
/// (PV, StorageClass, Node) only when a shown object leads to it along a relationship's
/// direction — a selected claim to its PV, that PV to its StorageClass, a selected pod to its
/// Node — or, for a PV, when its `claimRef` names a claim in a selected namespace (so a
/// Released volume of a deleted claim still shows with its namespace). Consequently a PV bound
/// to a claim in a namespace that is not selected is hidden, like that claim: it is the other
/// namespace's storage. Edges are never followed backwards here, so one StorageClass does not
/// drag in every other namespace's volumes.
///
/// Findings are computed on the whole inventory before narrowing (so hiding pods never makes a
/// claim look unused) and kept when their subject, the first object named, is shown.
struct GraphScope {
    var namespaces: Set<String>
    var focus: GraphFocus?

    func visibleNodes(_ nodes: [GraphNodeID: GraphNode], _ relationships: Set<Relationship>) throws(GraphBuildError)
        -> Set<GraphNodeID>
    {
        var visible = Set(nodes.keys)
        if !namespaces.isEmpty { visible = namespaceSelection(nodes, relationships) }
        if let focus { visible = try neighbourhood(focus, within: visible, nodes, relationships) }
        return visible
    }

    private func namespaceSelection(_ nodes: [GraphNodeID: GraphNode], _ relationships: Set<Relationship>)
        -> Set<GraphNodeID>
    {
        var selected = Set(nodes.keys.filter { $0.namespace.map(namespaces.contains) ?? false })
        for (id, node) in nodes where id.kind == .persistentVolume {
            if let claimNamespace = node.properties.claim?.namespace, namespaces.contains(claimNamespace) {
                selected.insert(id)
            }
        }
        let outgoing = Dictionary(grouping: relationships, by: \.source)
        var frontier = Array(selected)
        while let next = frontier.popLast() {
            for edge in outgoing[next] ?? [] where edge.target.namespace == nil && !selected.contains(edge.target) {
                selected.insert(edge.target)
                frontier.append(edge.target)
            }
        }
        return selected
    }

    private func neighbourhood(_ focus: GraphFocus, within visible: Set<GraphNodeID>,
                               _ nodes: [GraphNodeID: GraphNode], _ relationships: Set<Relationship>)
        throws(GraphBuildError) -> Set<GraphNodeID>
    {
        guard nodes[focus.target] != nil else { throw .focusNotFound(focus.target) }
        guard visible.contains(focus.target) else { throw .focusOutsideNamespaces(focus.target) }
        var neighbours: [GraphNodeID: [GraphNodeID]] = [:]
        for edge in relationships where visible.contains(edge.source) && visible.contains(edge.target) {
            neighbours[edge.source, default: []].append(edge.target)
            neighbours[edge.target, default: []].append(edge.source)
        }
        var reached: Set<GraphNodeID> = [focus.target]
        var ring = [focus.target]
        for _ in 0..<focus.depth where !ring.isEmpty {
            ring = ring.flatMap { neighbours[$0] ?? [] }.filter { reached.insert($0).inserted }
        }
        return reached
    }
}

/// Why a graph could not be built as asked.
public enum GraphBuildError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The focus object is not in the inventory (or not of the drawn kinds).
    case focusNotFound(GraphNodeID)
    /// The focus object exists but lies outside the selected namespaces.
    case focusOutsideNamespaces(GraphNodeID)

    public var description: String {
        switch self {
        case .focusNotFound(let id): "focus: \(id) is not in the inventory"
        case .focusOutsideNamespaces(let id): "focus: \(id) is outside the selected namespaces"
        }
    }
}
