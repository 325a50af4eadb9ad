import Foundation
import KubeClient
import Logging

/// An open way to the cluster: the source to list from and the cluster's name for reports and alerts.
public struct ClusterConnection: Sendable {
    public var source: any ClusterSource
    /// `[kubernetes] cluster_name`, else the context name, `in-cluster` or `snapshot`.
    public var clusterName: String
    public var pageSize: Int

    public init(source: any ClusterSource, clusterName: String, pageSize: Int) {
        self.source = source
        self.clusterName = clusterName
        self.pageSize = pageSize
    }

    /// Opens the snapshot files, or resolves the kubeconfig / in-cluster credentials like kubectl.
    public static func open(_ settings: SourceSettings, logger: Logger,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ClusterConnection {
        if !settings.snapshots.isEmpty {
            return ClusterConnection(source: SnapshotClusterSource(files: settings.snapshots),
                                     clusterName: settings.clusterName ?? "snapshot", pageSize: settings.pageSize)
        }
        var configuration = try KubeClientConfiguration.automatic(
            kubeconfigPath: settings.kubeconfig, context: settings.context, environment: environment,
            execTimeout: .seconds(settings.execTimeout))
        configuration.connectTimeout = .seconds(settings.connectTimeout)
        configuration.requestTimeout = .seconds(settings.requestTimeout)
        let client = KubeClient(configuration: configuration, logger: logger)
        let name = settings.clusterName ?? configuration.identity.context ?? "in-cluster"
        return ClusterConnection(source: APIClusterSource(client: client), clusterName: name, pageSize: settings.pageSize)
    }
}
