import KubeClient
import KubeModel
import VolumeGraph

/// Reads what the relationship graph is drawn from, kind by kind, through the same source as the scan.
public struct InventoryReader: Sendable {
    public var kinds: GraphKinds
    /// Namespaces to read namespaced kinds from; empty means all.
    public var namespaces: [String]

    public init(kinds: GraphKinds, namespaces: [String]) {
        self.kinds = kinds
        self.namespaces = namespaces
    }

    /// The inventory and the objects that could not be decoded (reported, then left out).
    ///
    /// ConfigMaps and Secrets are never listed from an API server: a LIST of Secrets carries their
    /// contents over the wire, and only their names are wanted. Snapshot files are read whole, so there
    /// their metadata is available.
    public func read(_ connection: ClusterConnection) async throws -> (inventory: GraphInventory, rejected: [RejectedItem]) {
        var inventory = GraphInventory()
        var rejected: [RejectedItem] = []
        let source = connection.source
        let options = ListOptions(limit: connection.pageSize)
        func clusterScoped<Item>(_ resource: ClusterResource<Item>) async throws -> [Item] {
            let result = try await source.all(resource, options: options)
            rejected += result.rejected
            return result.items
        }
        func namespaced<Item>(_ resource: ClusterResource<Item>) async throws -> [Item] {
            var items: [Item] = []
            for namespace in namespaces.isEmpty ? [nil] : namespaces.map(Optional.some) {
                let result = try await source.all(resource, namespace: namespace, options: options)
                items += result.items
                rejected += result.rejected
            }
            return items
        }
        inventory.nodes = try await clusterScoped(.nodes)
        inventory.persistentVolumes = try await clusterScoped(.persistentVolumes)
        inventory.storageClasses = try await clusterScoped(.storageClasses)
        inventory.pods = try await namespaced(.pods)
        inventory.persistentVolumeClaims = try await namespaced(.persistentVolumeClaims)
        if kinds == .all {
            for workloads in ClusterResource<Workload>.allWorkloads { inventory.workloads += try await namespaced(workloads) }
            inventory.services = try await namespaced(.services)
            if source is SnapshotClusterSource {
                inventory.configMaps = try await namespaced(.configMapNames)
                inventory.secrets = try await namespaced(.secretNames)
            }
        }
        return (inventory, rejected)
    }
}
