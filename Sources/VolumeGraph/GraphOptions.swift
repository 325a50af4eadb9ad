/// Which kinds the graph draws.
public enum GraphKinds: String, Sendable, CaseIterable, Codable {
    /// Pods, PersistentVolumeClaims, PersistentVolumes, StorageClasses and Nodes.
    case volumes
    /// The volume kinds plus owners (`owned_by`), Services (`targets`) and ConfigMaps/Secrets (`uses`).
    case all
}

/// What to build and what to show.
public struct GraphOptions: Sendable, Equatable {
    /// Namespaces to show; empty means all. Cluster-scoped objects are shown when a shown
    /// namespaced object leads to them (see ``GraphScope``).
    public var namespaces: Set<String>
    public var kinds: GraphKinds
    /// Show only this object's neighbourhood.
    public var focus: GraphFocus?

    public init(namespaces: Set<String> = [], kinds: GraphKinds = .volumes, focus: GraphFocus? = nil) {
        self.namespaces = namespaces
        self.kinds = kinds
        self.focus = focus
    }
}
