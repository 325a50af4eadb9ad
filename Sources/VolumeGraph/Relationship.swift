/// How one object relates to another; the raw value is what the JSON carries.
public enum RelationshipType: String, Codable, Sendable, CaseIterable, Comparable {
    /// Pod → PersistentVolumeClaim (`volumes[].persistentVolumeClaim` or a generic ephemeral volume).
    case mounts
    /// PersistentVolumeClaim → PersistentVolume.
    case boundTo = "bound_to"
    /// PersistentVolumeClaim or PersistentVolume → StorageClass.
    case provisionedBy = "provisioned_by"
    /// Pod → Node.
    case runsOn = "runs_on"
    /// Dependent → owner (Pod → ReplicaSet → Deployment, Job → CronJob, …).
    case ownedBy = "owned_by"
    /// Service → Pod, by label selector in the service's namespace.
    case targets
    /// Pod → ConfigMap or Secret (volumes, projected sources, env, envFrom).
    case uses

    public static func < (lhs: RelationshipType, rhs: RelationshipType) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A directed edge `source → target`.
public struct Relationship: Hashable, Comparable, Codable, Sendable {
    public var source: GraphNodeID
    public var target: GraphNodeID
    public var type: RelationshipType

    public init(source: GraphNodeID, target: GraphNodeID, type: RelationshipType) {
        self.source = source
        self.target = target
        self.type = type
    }

    public static func < (lhs: Relationship, rhs: Relationship) -> Bool {
        if lhs.source != rhs.source { return lhs.source < rhs.source }
        if lhs.type != rhs.type { return lhs.type < rhs.type }
        return lhs.target < rhs.target
    }
}
