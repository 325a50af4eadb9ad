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
    /// Also show pods that mount no PersistentVolumeClaim. Off by default: a volume graph of a
    /// whole cluster would otherwise be mostly pods with nothing attached.
    public var allPods: Bool
    /// Also show Nodes and the Pod → Node (`runs_on`) edges. Off by default: every pod's edge to
    /// one of a few nodes crosses the whole picture, and the pod's label already names its node.
    public var showNodes: Bool

    public init(namespaces: Set<String> = [], kinds: GraphKinds = .volumes, focus: GraphFocus? = nil,
                allPods: Bool = false, showNodes: Bool = false) {
        self.namespaces = namespaces
        self.kinds = kinds
        self.focus = focus
        self.allPods = allPods
        self.showNodes = showNodes
    }

    /// Whether the volume-graph defaults leave objects out: only for `--kinds volumes` without a
    /// focus. `--kinds all` is about owners, Services and configuration, which mostly involve pods
    /// without volumes; a focused view is small and shows everything within its depth.
    var trimsToVolumes: Bool { kinds == .volumes && focus == nil }
}
