import Capacity
import Foundation
import KubeClient
import KubeModel

/// One capacity scan: nodes, then pods page by page into the streaming aggregator, so memory stays flat
/// whatever the size of the cluster.
public struct CapacityScanner: Sendable {
    public var options: CapacityOptions

    public init(options: CapacityOptions) {
        self.options = options
    }

    /// Terminal and unscheduled pods never count (DESIGN §5): let the API server drop them before they cross the wire.
    static let countedPodsSelector = "spec.nodeName!=,status.phase!=Succeeded,status.phase!=Failed"

    /// Lists the cluster and returns the report. Throws when the source fails (unreachable, forbidden, a bad page).
    ///
    /// `progress` is called after every page, on the scanning task.
    public func scan(_ connection: ClusterConnection, now: @Sendable () -> Date = Date.init,
                     progress: (ScanProgress) -> Void = { _ in }) async throws -> CapacityReport {
        try await snapshot(connection, now: now, progress: progress).report
    }

    /// Lists the cluster and keeps the whole aggregation, from which reports with narrower options are cut
    /// (``CapacitySnapshot/report(_:)``) without listing again.
    public func snapshot(_ connection: ClusterConnection, now: @Sendable () -> Date = Date.init,
                         progress: (ScanProgress) -> Void = { _ in }) async throws -> CapacitySnapshot {
        var aggregator = CapacityAggregator(options: options)
        var read = ScanProgress()
        // Pages of the scan's narrow models, decoded by simdjson from an API server (a snapshot is decoded by
        // JSONDecoder into the same models).
        let decoder = CapacityListDecoder()
        func pageRead(_ count: WritableKeyPath<ScanProgress, Int>, _ items: Int) {
            read.pages += 1
            read[keyPath: count] += items
            progress(read)
        }
        // Every node, even with a node selector (which the report applies): a pod's node must be known to tell a
        // node left out by the selector from one missing from the cluster, and nodes weigh little beside pods.
        let nodeOptions = ListOptions(limit: connection.pageSize)
        try await connection.source.list(.capacityNodes(decodePage: decoder.decodeNodePage), namespace: nil,
                                         options: nodeOptions) { page in
            aggregator.add(nodePage: page)
            pageRead(\.nodes, page.items.count)
        } onRestart: {
            aggregator = CapacityAggregator(options: options)
            read.nodes = 0
        }
        // Every namespace's pods, even with a namespace filter: node figures count every pod on the node
        // (the filter narrows the pod rows only).
        let podOptions = ListOptions(limit: connection.pageSize, fieldSelector: Self.countedPodsSelector)
        let checkpoint = aggregator
        try await connection.source.list(.capacityPods(decodePage: decoder.decodePodPage), namespace: nil,
                                         options: podOptions) { page in
            aggregator.add(podPage: page)
            pageRead(\.pods, page.items.count)
        } onRestart: {
            aggregator = checkpoint
            read.pods = 0
        }
        return CapacitySnapshot(cluster: connection.clusterName, generatedAt: now(), aggregation: aggregator)
    }
}
