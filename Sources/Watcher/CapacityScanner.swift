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
    public func scan(_ connection: ClusterConnection, now: @Sendable () -> Date = Date.init) async throws -> CapacityReport {
        var aggregator = CapacityAggregator(options: options)
        let nodeOptions = ListOptions(limit: connection.pageSize,
                                      labelSelector: options.nodeSelector.isEmpty ? nil : options.nodeSelector.description)
        try await connection.source.list(.nodes, namespace: nil, options: nodeOptions) { page in
            aggregator.add(nodePage: page)
        } onRestart: {
            aggregator = CapacityAggregator(options: options)
        }
        let podOptions = ListOptions(limit: connection.pageSize, fieldSelector: Self.countedPodsSelector)
        // A namespace filter is applied by the server too: only the selected namespaces' pods are read.
        let namespaces: [String?] = options.namespaces.isEmpty ? [nil] : options.namespaces.sorted().map { $0 }
        for namespace in namespaces {
            let checkpoint = aggregator
            try await connection.source.list(.pods, namespace: namespace, options: podOptions) { page in
                aggregator.add(podPage: page)
            } onRestart: {
                aggregator = checkpoint
            }
        }
        return aggregator.finish(cluster: connection.clusterName, generatedAt: now())
    }
}
