import Foundation

/// One resource on one node (or summed over the cluster): CPU in millicores, everything else in
/// whole units (bytes for memory), rounded up as `kubectl describe node` rounds them.
public struct ResourceFigures: Sendable, Equatable {
    /// `status.capacity`.
    public var capacity: Int64
    /// The denominator of the percentages: the node's allocatable, or its capacity when the node
    /// reports no allocatable at all (as kubectl falls back).
    public var allocatable: Int64
    /// Sum of the counted pods' effective requests.
    public var requests: Int64
    /// Sum of the counted pods' effective limits (a pod without a limit adds nothing).
    public var limits: Int64
    /// Exact `requests / allocatable × 100`; nil ("n/a") when allocatable is zero.
    public var requestsPercent: Double?
    /// Exact `limits / allocatable × 100`; nil ("n/a") when allocatable is zero.
    public var limitsPercent: Double?

    /// Figures with their percentages computed from the integers.
    public init(capacity: Int64, allocatable: Int64, requests: Int64, limits: Int64) {
        self.capacity = capacity
        self.allocatable = allocatable
        self.requests = requests
        self.limits = limits
        requestsPercent = Self.percent(requests, of: allocatable)
        limitsPercent = Self.percent(limits, of: allocatable)
    }

    /// `part × 100 / whole` from the rounded integers kubectl shows, nil when whole is zero.
    ///
    /// Multiplying first keeps whole percentages exact (29 of 100 is 29, where kubectl's
    /// `part / whole * 100` gives 28.999999999999996 and prints 28%), which matters for strict
    /// `>` threshold comparisons.
    public static func percent(_ part: Int64, of whole: Int64) -> Double? {
        whole == 0 ? nil : Double(part) * 100 / Double(whole)
    }
}

/// A named resource other than cpu and memory (ephemeral-storage, hugepages-*, nvidia.com/gpu…).
public struct NamedResourceFigures: Sendable, Equatable {
    /// The object's or resource's name.
    public var name: String
    /// Its figures, in whole units.
    public var figures: ResourceFigures

    /// A named resource's figures.
    public init(name: String, figures: ResourceFigures) {
        self.name = name
        self.figures = figures
    }
}

/// Pods on a node: how many are counted and how many the node accepts.
public struct PodCountFigures: Sendable, Equatable {
    /// Counted pods (bound, not Succeeded/Failed), of every namespace.
    public var count: Int
    /// The node's allocatable `pods`.
    public var allocatable: Int64

    /// A pod count with the node's pod allowance.
    public init(count: Int, allocatable: Int64) {
        self.count = count
        self.allocatable = allocatable
    }
}

/// One node's row.
public struct NodeCapacity: Sendable, Equatable {
    /// The object's or resource's name.
    public var name: String
    /// The node's labels, for per-label alert policies.
    public var labels: [String: String]
    /// Whether the node's `Ready` condition is `True`.
    public var ready: Bool
    /// `spec.unschedulable` (cordoned).
    public var unschedulable: Bool
    /// CPU, in millicores.
    public var cpu: ResourceFigures
    /// Memory, in bytes.
    public var memory: ResourceFigures
    /// Pod count and allowance.
    public var pods: PodCountFigures
    /// Every other resource the node advertises or its pods request, sorted by name.
    public var extended: [NamedResourceFigures]

    /// A node row.
    public init(name: String, labels: [String: String] = [:], ready: Bool = true, unschedulable: Bool = false,
                cpu: ResourceFigures, memory: ResourceFigures, pods: PodCountFigures, extended: [NamedResourceFigures] = []) {
        self.name = name
        self.labels = labels
        self.ready = ready
        self.unschedulable = unschedulable
        self.cpu = cpu
        self.memory = memory
        self.pods = pods
        self.extended = extended
    }
}

/// A pod's requests and limits of one resource, with percentages of its node's allocatable.
///
/// The percentages are computed from ``nodeAllocatable`` rather than stored: a report may hold 150,000 rows.
public struct PodFigures: Sendable, Equatable {
    /// The pod's effective requests.
    public var requests: Int64
    /// The pod's effective limits (a container without a limit adds nothing).
    public var limits: Int64
    /// The allocatable of the pod's node the percentages are shares of; 0 when unknown.
    public var nodeAllocatable: Int64

    /// A pod's figures with percentages of its node's allocatable.
    public init(requests: Int64, limits: Int64, nodeAllocatable: Int64) {
        self.requests = requests
        self.limits = limits
        self.nodeAllocatable = nodeAllocatable
    }

    /// Requests as a percentage of the node's allocatable; nil when that is zero.
    public var requestsPercent: Double? { ResourceFigures.percent(requests, of: nodeAllocatable) }
    /// Limits as a percentage of the node's allocatable; nil when that is zero.
    public var limitsPercent: Double? { ResourceFigures.percent(limits, of: nodeAllocatable) }
}

/// One pod's row.
public struct PodCapacity: Sendable, Equatable {
    /// The object's or resource's name.
    public var namespace: String
    /// The object's or resource's name.
    public var name: String
    /// The node the pod is bound to.
    public var node: String
    /// CPU, in millicores.
    public var cpu: PodFigures
    /// Memory, in bytes.
    public var memory: PodFigures

    /// A pod row.
    public init(namespace: String, name: String, node: String, cpu: PodFigures, memory: PodFigures) {
        self.namespace = namespace
        self.name = name
        self.node = node
        self.cpu = cpu
        self.memory = memory
    }
}

/// Sums over the reported nodes; percentages are of the summed allocatable.
public struct CapacityTotals: Sendable, Equatable {
    /// CPU, in millicores.
    public var cpu: ResourceFigures
    /// Memory, in bytes.
    public var memory: ResourceFigures
    /// Pod count and allowance.
    public var pods: PodCountFigures

    /// Totals.
    public init(cpu: ResourceFigures, memory: ResourceFigures, pods: PodCountFigures) {
        self.cpu = cpu
        self.memory = memory
        self.pods = pods
    }
}

/// The result of one capacity scan: what renderers print and what alert policies evaluate.
public struct CapacityReport: Sendable, Equatable {
    /// The cluster's name, as configured.
    public var cluster: String
    /// When the scan ran (passed in; the core reads no clock).
    public var generatedAt: Date
    /// The scope the report was made with.
    public var scope: CapacityScope
    /// The measures the report shows.
    public var reportType: CapacityReportType
    /// Reported nodes, in the requested order. Present for every scope.
    public var nodes: [NodeCapacity]
    /// Pod rows in the requested order; nil unless the scope includes pods.
    public var pods: PodCapacityRows?
    /// Sums over the reported nodes.
    public var totals: CapacityTotals
    /// What the scan could not use or had to bend: malformed quantities (object skipped), negative
    /// quantities (counted as given), pods on unknown nodes, items the decoder rejected, figures beyond
    /// the 64-bit range.
    public var issues: [CapacityIssue]
    /// Namespaces asked for (`namespace`, `--namespace`) in which no counted pod was found, sorted:
    /// most likely a misspelt name, since they then give no pod rows and no pod alerts.
    public var namespacesWithoutPods: [String] = []

    /// A report; normally made by ``CapacityAggregator/report(cluster:generatedAt:)``.
    public init(cluster: String, generatedAt: Date, scope: CapacityScope = .all, reportType: CapacityReportType = .all,
                nodes: [NodeCapacity], pods: PodCapacityRows?, totals: CapacityTotals, issues: [CapacityIssue] = []) {
        self.cluster = cluster
        self.generatedAt = generatedAt
        self.scope = scope
        self.reportType = reportType
        self.nodes = nodes
        self.pods = pods
        self.totals = totals
        self.issues = issues
    }
}

extension CapacityReport {
    /// The warning about ``namespacesWithoutPods``, the same words in `scan` and `run`; nil when there is none.
    public var namespacesWithoutPodsWarning: String? {
        guard !namespacesWithoutPods.isEmpty else { return nil }
        let names = namespacesWithoutPods.map { "\"\($0)\"" }.joined(separator: ", ")
        let one = namespacesWithoutPods.count == 1
        return "no pods in \(one ? "namespace" : "namespaces") \(names) (none bound to a node and unfinished): "
            + "no pod rows or pod alerts come from \(one ? "it" : "them"); check the namespace list"
    }
}
