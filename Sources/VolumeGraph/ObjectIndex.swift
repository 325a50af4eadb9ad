import KubeModel

/// The inventory deduplicated by identity and indexed for lookups while linking.
///
/// When two objects share an identity (a snapshot listing one twice) the first one wins.
struct ObjectIndex {
    private(set) var nodes: [GraphNodeID: GraphNode] = [:]
    private(set) var pods: [GraphNodeID: Pod] = [:]
    private(set) var claims: [GraphNodeID: PersistentVolumeClaim] = [:]
    private(set) var volumes: [String: PersistentVolume] = [:]
    private(set) var storageClasses: [String: StorageClass] = [:]
    private(set) var services: [GraphNodeID: Service] = [:]
    /// ConfigMaps and Secrets that exist; they become nodes only when a pod uses them.
    private(set) var configObjects: [GraphNodeID: GraphNode] = [:]
    /// Owner references of every node that has some.
    private(set) var ownerReferences: [GraphNodeID: [OwnerReference]] = [:]
    /// Nodes by uid, for resolving owner references.
    private(set) var byUID: [String: GraphNodeID] = [:]
    /// Kinds of which the inventory holds at least one object. A kind with none was probably
    /// not read at all, so a reference to it is not reported as dangling.
    let readKinds: Set<ObjectKind>

    init(_ inventory: GraphInventory, kinds: GraphKinds) {
        readKinds = Self.kindsPresent(in: inventory)
        for pod in inventory.pods where insert(GraphNodeFactory.node(pod), pod.metadata) {
            pods[GraphNodeFactory.id(.pod, pod.metadata)] = pod
        }
        for claim in inventory.persistentVolumeClaims where insert(GraphNodeFactory.node(claim), claim.metadata) {
            claims[GraphNodeFactory.id(.persistentVolumeClaim, claim.metadata)] = claim
        }
        for volume in inventory.persistentVolumes where insert(GraphNodeFactory.node(volume), volume.metadata) {
            volumes[volume.metadata.name] = volume
        }
        for storageClass in inventory.storageClasses
        where insert(GraphNodeFactory.node(storageClass), storageClass.metadata) {
            storageClasses[storageClass.metadata.name] = storageClass
        }
        for node in inventory.nodes { insert(GraphNodeFactory.node(node), node.metadata) }
        guard kinds == .all else { return }
        for workload in inventory.workloads where !workload.kind.isEmpty {
            insert(GraphNodeFactory.node(workload), workload.metadata)
        }
        for service in inventory.services where insert(GraphNodeFactory.node(service), service.metadata) {
            services[GraphNodeFactory.id(.service, service.metadata)] = service
        }
        for configMap in inventory.configMaps { remember(GraphNodeFactory.node(.configMap, configMap)) }
        for secret in inventory.secrets { remember(GraphNodeFactory.node(.secret, secret)) }
    }

    /// True when a node with this identity exists now.
    func contains(_ id: GraphNodeID) -> Bool { nodes[id] != nil }

    /// The PV named `name`, if in the inventory.
    func volume(named name: String) -> PersistentVolume? { volumes[name] }

    /// Adds a ConfigMap or Secret (or a placeholder) as a node once a pod uses it.
    mutating func addReferencedNode(_ node: GraphNode) {
        if nodes[node.id] == nil { nodes[node.id] = node }
    }

    /// The existing ConfigMap or Secret with this identity, if the inventory holds it.
    func configObject(_ id: GraphNodeID) -> GraphNode? { configObjects[id] }

    private static func kindsPresent(in inventory: GraphInventory) -> Set<ObjectKind> {
        let counts: [(ObjectKind, Int)] = [
            (.pod, inventory.pods.count), (.persistentVolumeClaim, inventory.persistentVolumeClaims.count),
            (.persistentVolume, inventory.persistentVolumes.count), (.storageClass, inventory.storageClasses.count),
            (.node, inventory.nodes.count), (.service, inventory.services.count),
            (.configMap, inventory.configMaps.count), (.secret, inventory.secrets.count),
        ]
        return Set(counts.filter { $0.1 > 0 }.map(\.0)).union(inventory.workloads.map { ObjectKind($0.kind) })
    }

    @discardableResult
    private mutating func insert(_ node: GraphNode, _ metadata: ObjectMeta) -> Bool {
        guard nodes[node.id] == nil else { return false }
        nodes[node.id] = node
        if !metadata.ownerReferences.isEmpty { ownerReferences[node.id] = metadata.ownerReferences }
        if let uid = metadata.uid, !uid.isEmpty, byUID[uid] == nil { byUID[uid] = node.id }
        return true
    }

    private mutating func remember(_ node: GraphNode) {
        if configObjects[node.id] == nil { configObjects[node.id] = node }
    }
}
