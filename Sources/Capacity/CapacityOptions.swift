import KubeModel

/// Which objects a report covers (`scope` in config.ini, `--scope` on the command line).
public enum CapacityScope: String, Sendable, CaseIterable {
    case all, node, pod

    /// Node rows are computed for every scope (pods need their node's allocatable); this says
    /// whether they are shown and alerted on.
    public var includesNodes: Bool { self != .pod }
    /// Whether per-pod rows are kept (they cost memory on large clusters).
    public var includesPods: Bool { self != .node }
}

/// Which measures a report covers (`report_type`).
public enum CapacityReportType: String, Sendable, CaseIterable {
    case all, cpu, memory

    /// Whether CPU figures are shown.
    public var includesCPU: Bool { self != .memory }
    /// Whether memory figures are shown.
    public var includesMemory: Bool { self != .cpu }
}

/// What to aggregate and how to present it.
public struct CapacityOptions: Sendable, Equatable {
    /// Which rows are kept and shown.
    public var scope: CapacityScope
    /// Which measures are shown.
    public var reportType: CapacityReportType
    /// Only pods of these namespaces get pod rows. Node sums, pod counts and totals count every pod,
    /// whatever its namespace: a node's allocatable is used by all the pods on it, so a node figure
    /// narrowed to some namespaces would say the node has room it does not have (and `run`, which
    /// alerts on whole nodes, would disagree with `scan`). Empty means every namespace.
    public var namespaces: Set<String>
    /// Only nodes whose labels match are reported, with their pods.
    public var nodeSelector: LabelSelector
    /// Order of node rows and of pod rows.
    public var sort: CapacitySortKey

    /// Options; the defaults report everything, every namespace and node, sorted by name.
    public init(scope: CapacityScope = .all, reportType: CapacityReportType = .all, namespaces: Set<String> = [],
                nodeSelector: LabelSelector = .everything, sort: CapacitySortKey = .name) {
        self.scope = scope
        self.reportType = reportType
        self.namespaces = namespaces
        self.nodeSelector = nodeSelector
        self.sort = sort
    }

    /// Whether a pod of `namespace` gets a pod row.
    func includes(namespace: String?) -> Bool {
        namespaces.isEmpty || namespaces.contains(namespace ?? "")
    }
}
