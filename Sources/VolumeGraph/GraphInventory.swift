import KubeModel

/// Everything the graph is built from: the objects of one cluster read or one snapshot.
public struct GraphInventory: Sendable, Equatable {
    public var pods: [Pod]
    public var persistentVolumeClaims: [PersistentVolumeClaim]
    public var persistentVolumes: [PersistentVolume]
    public var storageClasses: [StorageClass]
    public var nodes: [Node]
    /// ReplicaSets, Deployments, StatefulSets, DaemonSets, Jobs, CronJobs: `kind` must be set.
    public var workloads: [Workload]
    public var services: [Service]
    /// Metadata only: contents are never read.
    public var configMaps: [PartialObjectMetadata]
    /// Metadata only: contents are never read.
    public var secrets: [PartialObjectMetadata]

    public init(pods: [Pod] = [], persistentVolumeClaims: [PersistentVolumeClaim] = [],
                persistentVolumes: [PersistentVolume] = [], storageClasses: [StorageClass] = [],
                nodes: [Node] = [], workloads: [Workload] = [], services: [Service] = [],
                configMaps: [PartialObjectMetadata] = [], secrets: [PartialObjectMetadata] = []) {
        self.pods = pods
        self.persistentVolumeClaims = persistentVolumeClaims
        self.persistentVolumes = persistentVolumes
        self.storageClasses = storageClasses
        self.nodes = nodes
        self.workloads = workloads
        self.services = services
        self.configMaps = configMaps
        self.secrets = secrets
    }

    /// Sorts the items of a snapshot (a kubectl `List` decoded as `MixedList`) into their kinds;
    /// kinds the graph does not draw are dropped.
    public init(objects: some Sequence<KubeObject>) {
        self.init()
        for object in objects { add(object) }
    }

    /// Adds one object to the list of its kind.
    public mutating func add(_ object: KubeObject) {
        switch object {
        case .pod(let pod): pods.append(pod)
        case .persistentVolumeClaim(let claim): persistentVolumeClaims.append(claim)
        case .persistentVolume(let volume): persistentVolumes.append(volume)
        case .storageClass(let storageClass): storageClasses.append(storageClass)
        case .node(let node): nodes.append(node)
        case .workload(let workload): workloads.append(workload)
        case .service(let service): services.append(service)
        case .configMap(let configMap): configMaps.append(configMap)
        case .secret(let secret): secrets.append(secret)
        case .other: break
        }
    }
}
