import Foundation

/// Builds a ``RelationshipGraph`` from an inventory. Pure: no I/O and no clock; the caller
/// passes the time the inventory was read.
///
/// ```swift
/// let graph = try GraphBuilder(GraphOptions(namespaces: ["shop"], kinds: .all))
///     .build(from: inventory, generatedAt: now)
/// let dot = GraphRenderer.dot(graph)
/// ```
public struct GraphBuilder: Sendable {
    public var options: GraphOptions

    public init(_ options: GraphOptions = GraphOptions()) { self.options = options }

    /// Links every object, detects findings over the whole inventory, then narrows to the
    /// selected namespaces and focus, or trims to the volume graph (see ``GraphScope`` for the rules).
    ///
    /// - Throws: ``GraphBuildError`` when the focus object is absent or filtered out.
    public func build(from inventory: GraphInventory, generatedAt: Date? = nil) throws(GraphBuildError)
        -> RelationshipGraph
    {
        var draft = GraphDraft(index: ObjectIndex(inventory, kinds: options.kinds))
        PodLinker.link(&draft)
        StorageLinker.link(&draft)
        if options.kinds == .all {
            OwnerLinker.link(&draft)
            ServiceLinker.link(&draft)
            ConfigLinker.link(&draft)
        }
        FindingDetector.detect(&draft)
        let visible = try GraphScope(options: options).visibleNodes(draft.index.nodes, draft.relationships)
        return RelationshipGraph(
            generatedAt: generatedAt,
            nodes: draft.index.nodes.values.filter { visible.contains($0.id) },
            relationships: draft.relationships.filter { visible.contains($0.source) && visible.contains($0.target) },
            findings: draft.findings.filter { $0.subject.map(visible.contains) ?? false })
    }
}
