/// The graph while it is being built: nodes from the index, relationships and findings added
/// by each linker. Sets, because several paths may find the same edge or problem.
struct GraphDraft {
    var index: ObjectIndex
    private(set) var relationships: Set<Relationship> = []
    private(set) var findings: Set<Finding> = []
    /// Claims some pod mounts, kept as edges are added so the unused-claim check stays linear.
    private var mountedClaims: Set<GraphNodeID> = []
    /// Volumes some claim names (`bound_to` targets), kept for the unclaimed-volume check.
    private var claimedVolumes: Set<GraphNodeID> = []

    init(index: ObjectIndex) { self.index = index }

    /// Adds `source → target` when both ends are nodes of the graph.
    mutating func link(_ source: GraphNodeID, _ target: GraphNodeID, _ type: RelationshipType) {
        guard source != target, index.contains(source), index.contains(target) else { return }
        relationships.insert(Relationship(source: source, target: target, type: type))
        if type == .mounts { mountedClaims.insert(target) }
        if type == .boundTo { claimedVolumes.insert(target) }
    }

    mutating func report(_ severity: FindingSeverity, _ code: FindingCode, _ message: String,
                         _ objects: [GraphNodeID]) {
        findings.insert(Finding(severity: severity, code: code, message: message, objects: objects))
    }

    /// Whether any pod mounts the claim.
    func isMounted(_ claim: GraphNodeID) -> Bool {
        mountedClaims.contains(claim)
    }

    /// Whether any claim is linked to the volume.
    func isClaimed(_ volume: GraphNodeID) -> Bool {
        claimedVolumes.contains(volume)
    }
}
