import Foundation

/// One scan of the cluster kept whole, from which any report its aggregation allows is cut without reading the
/// cluster again: `scan` cuts one, the service cuts the one it alerts on, and its HTTP API one per request with the
/// request's filters.
///
/// Every report is made by the same aggregator code as `scan`'s, so a report cut from a snapshot equals, field
/// for field, the report `scan` prints with the same options on the same cluster: node figures and totals come
/// from the exact sums (rounded once, as kubectl rounds), a node selector leaves other nodes out of the totals
/// without calling them unknown, and a namespace narrows the pod rows only.
///
/// A value: reports share its pod rows (about 60 bytes a pod) instead of copying them.
public struct CapacitySnapshot: Sendable {
    /// The cluster's name, as configured.
    public let cluster: String
    /// When the scan ended (passed in; the core reads no clock).
    public let generatedAt: Date
    private let aggregation: CapacityAggregator

    /// Keeps `aggregation` as it is.
    public init(cluster: String, generatedAt: Date, aggregation: CapacityAggregator) {
        self.cluster = cluster
        self.generatedAt = generatedAt
        self.aggregation = aggregation
    }

    /// What was aggregated: reports may narrow it (another node selector, scope, namespaces, report type or
    /// sort), but pod rows it did not keep cannot appear in them.
    public var options: CapacityOptions { aggregation.options }

    /// Whether ``report(_:)`` can give the pod rows of any scope and namespace list.
    public var keepsEveryPodRow: Bool { options.scope.includesPods && options.namespaces.isEmpty }

    /// Pods counted into node sums, on every node.
    public var countedPods: Int { aggregation.countedPods }

    /// The report `scan` would print with `options`.
    public func report(_ options: CapacityOptions) -> CapacityReport {
        aggregation.report(cluster: cluster, generatedAt: generatedAt, options: options)
    }

    /// The report with the options the snapshot was aggregated with.
    public var report: CapacityReport { report(options) }
}
