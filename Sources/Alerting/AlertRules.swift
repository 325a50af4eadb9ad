import Capacity

/// Everything that decides which figures are compared with which thresholds: the `[general]` scope,
/// report type, namespace list and thresholds, and the `[policy NAME]` overrides.
///
/// The executable builds it from the configuration (and again after a reload); this module never
/// reads configuration itself.
public struct AlertRules: Sendable {
    /// What is compared with thresholds (`scope`): nodes, pods (each as a share of its node's allocatable), or both.
    public var scope: CapacityScope
    /// Which resources are checked (`report_type`).
    public var reportType: CapacityReportType
    /// The namespaces whose pods are checked (`namespace`); empty means all. Nodes are not narrowed by it.
    public var namespaces: Set<String>
    /// The `[general]` thresholds (the `default` policy); nil when `policies` leaves `default` out, so
    /// objects no named policy covers are not checked.
    public var defaultThresholds: Thresholds?
    /// The named policies in effect, in file order: the order breaks ties between equally specific policies.
    public var policies: [AlertPolicy]

    public init(scope: CapacityScope = .all, reportType: CapacityReportType = .all, namespaces: Set<String> = [],
                defaultThresholds: Thresholds?, policies: [AlertPolicy] = []) {
        self.scope = scope
        self.reportType = reportType
        self.namespaces = namespaces
        self.defaultThresholds = defaultThresholds
        self.policies = policies
    }

    /// The measures `reportType` keeps, in display order.
    public var measures: [Measure] {
        Measure.capacityMeasures.filter { measure in
            switch measure.resource {
            case .cpu: reportType.includesCPU
            case .memory: reportType.includesMemory
            case nil: false
            }
        }
    }
}
