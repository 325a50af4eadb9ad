import Foundation

/// One resource on one node (or summed over the cluster): CPU in millicores, everything else in
/// whole units (bytes for memory), rounded up as `kubectl describe node` rounds them.
public struct ResourceFigures: Sendable, Equatable {
    public var capacity: Int64
    /// The denominator of the percentages: the node's allocatable, or its capacity when the node
    /// reports no allocatable at all (as kubectl falls back).
    public var allocatable: Int64
    public var requests: Int64
    public var limits: Int64
    /// Exact `requests / allocatable × 100`; nil ("n/a") when allocatable is zero.
    public var requestsPercent: Double?
    /// Exact `limits / allocatable × 100`; nil ("n/a") when allocatable is zero.
    public var limitsPercent: Double?

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
    public var name: String
    public var figures: ResourceFigures

    public init(name: String, figures: ResourceFigures) {
        self.name = name
        self.figures = figures
    }
}

/// Pods on a node: how many are counted and how many the node accepts.
public struct PodCountFigures: Sendable, Equatable {
    public var count: Int
    public var allocatable: Int64

    public init(count: Int, allocatable: Int64) {
        self.count = count
        self.allocatable = allocatable
    }
}

/// One node's row.
public struct NodeCapacity: Sendable, Equatable {
    public var name: String
    public var labels: [String: String]
    public var ready: Bool
    public var unschedulable: Bool
    public var cpu: ResourceFigures
    public var memory: ResourceFigures
    public var pods: PodCountFigures
    /// Every other resource the node advertises or its pods request, sorted by name.
    public var extended: [NamedResourceFigures]

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
public struct PodFigures: Sendable, Equatable {
    public var requests: Int64
    public var limits: Int64
    public var requestsPercent: Double?
    public var limitsPercent: Double?

    public init(requests: Int64, limits: Int64, nodeAllocatable: Int64) {
        self.requests = requests
        self.limits = limits
        requestsPercent = ResourceFigures.percent(requests, of: nodeAllocatable)
        limitsPercent = ResourceFigures.percent(limits, of: nodeAllocatable)
    }
}

/// One pod's row.
public struct PodCapacity: Sendable, Equatable {
    public var namespace: String
    public var name: String
    public var node: String
    public var cpu: PodFigures
    public var memory: PodFigures

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
    public var cpu: ResourceFigures
    public var memory: ResourceFigures
    public var pods: PodCountFigures

    public init(cpu: ResourceFigures, memory: ResourceFigures, pods: PodCountFigures) {
        self.cpu = cpu
        self.memory = memory
        self.pods = pods
    }
}

/// The result of one capacity scan: what renderers print and what alert policies evaluate.
public struct CapacityReport: Sendable, Equatable {
    public var cluster: String
    public var generatedAt: Date
    public var scope: CapacityScope
    public var reportType: CapacityReportType
    /// Reported nodes, in the requested order. Present for every scope.
    public var nodes: [NodeCapacity]
    /// Pod rows in the requested order; nil unless the scope includes pods.
    public var pods: [PodCapacity]?
    public var totals: CapacityTotals
    /// What the scan could not use: malformed quantities (object skipped), pods on unknown nodes,
    /// items the decoder rejected.
    public var issues: [CapacityIssue]

    public init(cluster: String, generatedAt: Date, scope: CapacityScope = .all, reportType: CapacityReportType = .all,
                nodes: [NodeCapacity], pods: [PodCapacity]?, totals: CapacityTotals, issues: [CapacityIssue] = []) {
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
