/// What the pictures (DOT and Mermaid) leave out because another element already says it, so a
/// cluster-size picture has fewer crossing lines and shorter boxes. The JSON keeps everything.
///
/// - A bound claim's `provisioned_by` edge is not drawn when the claim's volume is drawn with an
///   edge to the same StorageClass: the class is reached through the volume, and a second edge
///   per claim would cross the whole volume column to reach the same hexagon.
/// - A volume's label does not repeat `claim ns/name` when that claim is drawn bound to it.
struct PictureSimplification {
    /// The relationships to draw, in the graph's order.
    let relationships: [Relationship]
    /// Volumes whose claimRef's claim is drawn with a `bound_to` edge to them.
    let volumesWithDrawnClaim: Set<GraphNodeID>

    init(_ graph: RelationshipGraph) {
        var classOfVolume: [GraphNodeID: Set<GraphNodeID>] = [:]
        var volumesOfClaim: [GraphNodeID: [GraphNodeID]] = [:]
        for edge in graph.relationships {
            switch edge.type {
            case .provisionedBy where edge.source.kind == .persistentVolume:
                classOfVolume[edge.source, default: []].insert(edge.target)
            case .boundTo:
                volumesOfClaim[edge.source, default: []].append(edge.target)
            default:
                break
            }
        }
        relationships = graph.relationships.filter { edge in
            guard edge.type == .provisionedBy, edge.source.kind == .persistentVolumeClaim else { return true }
            let reachedThroughVolume = (volumesOfClaim[edge.source] ?? []).contains {
                classOfVolume[$0]?.contains(edge.target) ?? false
            }
            return !reachedThroughVolume
        }
        var drawnClaim: Set<GraphNodeID> = []
        for node in graph.nodes where node.kind == .persistentVolume {
            if let claim = node.properties.claim, volumesOfClaim[claim]?.contains(node.id) ?? false {
                drawnClaim.insert(node.id)
            }
        }
        volumesWithDrawnClaim = drawnClaim
    }
}
