/// Everything that decides which figures are compared with which thresholds: the `[general]` scope,
/// report type, namespace list and thresholds, and the `[policy NAME]` overrides.
///
/// The executable builds it from the configuration (and again after a reload); this module never
/// reads configuration itself.
public struct AlertRules: Sendable {
    /// What is compared with thresholds (`scope`).
    public enum Scope: String, Sendable, Codable, CaseIterable {
        /// Nodes and pods.
        case all
        /// Node totals only.
        case node
        /// Each pod as a share of its node's allocatable.
        case pod
    }

    /// Which resources are checked (`report_type`).
    public enum ReportType: String, Sendable, Codable, CaseIterable {
        case all, cpu, memory
    }

    public var scope: Scope
    public var reportType: ReportType
    /// The namespaces whose pods are checked (`namespace`); empty means all. Nodes are not narrowed by it.
    public var namespaces: Set<String>
    /// The `[general]` thresholds (the `default` policy); nil when `policies` leaves `default` out, so
    /// objects no named policy covers are not checked.
    public var defaultThresholds: AlertThresholds?
    /// The named policies in effect, in file order: the order breaks ties between equally specific policies.
    public var policies: [AlertPolicy]

    public init(scope: Scope = .all, reportType: ReportType = .all, namespaces: Set<String> = [],
                defaultThresholds: AlertThresholds?, policies: [AlertPolicy] = []) {
        self.scope = scope
        self.reportType = reportType
        self.namespaces = namespaces
        self.defaultThresholds = defaultThresholds
        self.policies = policies
    }

    /// The measures `reportType` keeps, in display order.
    public var measures: [Measure] {
        Measure.capacityMeasures.filter { measure in
            switch reportType {
            case .all: true
            case .cpu: measure.resource == .cpu
            case .memory: measure.resource == .memory
            }
        }
    }

    /// Whether `scope` includes nodes.
    public var checksNodes: Bool { scope != .pod }

    /// Whether `scope` includes pods.
    public var checksPods: Bool { scope != .node }
}
