/// Narrows a complete graph to what the options ask for: the volume-graph trim, then namespaces,
/// then the focus neighbourhood.
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
/// Trim rule (``GraphOptions/trimsToVolumes``): pods that mount no claim are left out unless
/// ``GraphOptions/allPods``, and Nodes (with their `runs_on` edges) unless
/// ``GraphOptions/showNodes``. It runs first, so a Node is shown in a namespace view only when a
/// shown pod runs on it. There is no trim with a focus (a focused view is small) or with
/// `--kinds all` (owners, Services and configuration mostly concern pods without volumes).
///
/// Findings are computed on the whole inventory before narrowing (so hiding pods never makes a
/// claim look unused) and kept when their subject, the first object named, is shown.
struct GraphScope {
    var options: GraphOptions

    func visibleNodes(_ nodes: [GraphNodeID: GraphNode], _ relationships: Set<Relationship>) throws(GraphBuildError)
        -> Set<GraphNodeID>
    {
        var visible = Set(nodes.keys)
        if options.trimsToVolumes { visible = trimmed(visible, relationships) }
        if !options.namespaces.isEmpty { visible = namespaceSelection(within: visible, nodes, relationships) }
        if let focus = options.focus { visible = try neighbourhood(focus, within: visible, nodes, relationships) }
        return visible
    }

    private func trimmed(_ visible: Set<GraphNodeID>, _ relationships: Set<Relationship>) -> Set<GraphNodeID> {
        let mounting = options.allPods ? [] : Set(relationships.lazy.filter { $0.type == .mounts }.map(\.source))
        return visible.filter { id in
            switch id.kind {
            case .pod: options.allPods || mounting.contains(id)
            case .node: options.showNodes
            default: true
            }
        }
    }

    private func namespaceSelection(within candidates: Set<GraphNodeID>, _ nodes: [GraphNodeID: GraphNode],
                                    _ relationships: Set<Relationship>) -> Set<GraphNodeID> {
        let namespaces = options.namespaces
        var selected = candidates.filter { $0.namespace.map(namespaces.contains) ?? false }
        for (id, node) in nodes where id.kind == .persistentVolume && candidates.contains(id) {
            if let claimNamespace = node.properties.claim?.namespace, namespaces.contains(claimNamespace) {
                selected.insert(id)
            }
        }
        let outgoing = Dictionary(grouping: relationships, by: \.source)
        var frontier = Array(selected)
        while let next = frontier.popLast() {
            for edge in outgoing[next] ?? []
            where edge.target.namespace == nil && candidates.contains(edge.target) && !selected.contains(edge.target) {
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
