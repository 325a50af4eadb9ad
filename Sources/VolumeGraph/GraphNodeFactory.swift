import KubeModel

/// Turns each Kubernetes object into its graph node: identity, status and the properties a
/// label shows.
enum GraphNodeFactory {
    static func id(_ kind: ObjectKind, _ metadata: ObjectMeta) -> GraphNodeID {
        GraphNodeID(kind: kind, namespace: metadata.namespace, name: metadata.name)
    }

    static func node(_ pod: Pod) -> GraphNode {
        let controller = pod.metadata.controller.map { "\($0.kind)/\($0.name)" }
        return GraphNode(id: id(.pod, pod.metadata), uid: pod.metadata.uid, status: pod.status.phase,
                         properties: GraphNodeProperties(node: pod.spec.nodeName, controller: controller))
    }

    static func node(_ claim: PersistentVolumeClaim) -> GraphNode {
        let granted = claim.status.accessModes
        let properties = GraphNodeProperties(
            requested: claim.spec.requestedStorage, capacity: claim.status.capacity["storage"],
            accessModes: nonEmpty(granted.isEmpty ? claim.spec.accessModes : granted),
            storageClass: claim.spec.storageClassName, volumeName: claim.spec.volumeName,
            volumeMode: claim.spec.volumeMode)
        return GraphNode(id: id(.persistentVolumeClaim, claim.metadata), uid: claim.metadata.uid,
                         status: claim.status.phase, properties: properties)
    }

    static func node(_ volume: PersistentVolume) -> GraphNode {
        let claim = volume.spec.claimRef.flatMap { ref in
            ref.name.map { GraphNodeID(kind: .persistentVolumeClaim, namespace: ref.namespace, name: $0) }
        }
        let properties = GraphNodeProperties(
            capacity: volume.spec.storage, accessModes: nonEmpty(volume.spec.accessModes),
            reclaimPolicy: volume.spec.persistentVolumeReclaimPolicy, storageClass: volume.spec.storageClassName,
            volumeMode: volume.spec.volumeMode, claim: claim)
        return GraphNode(id: id(.persistentVolume, volume.metadata), uid: volume.metadata.uid,
                         status: volume.status.phase, properties: properties)
    }

    static func node(_ storageClass: StorageClass) -> GraphNode {
        let properties = GraphNodeProperties(
            reclaimPolicy: storageClass.reclaimPolicy, provisioner: storageClass.provisioner,
            volumeBindingMode: storageClass.volumeBindingMode)
        return GraphNode(id: id(.storageClass, storageClass.metadata), uid: storageClass.metadata.uid,
                         properties: properties)
    }

    static func node(_ node: Node) -> GraphNode {
        let resources = node.status.allocatable ?? node.status.capacity
        var status = node.status.isReady ? "Ready" : "NotReady"
        if node.spec.unschedulable { status += ",SchedulingDisabled" }
        return GraphNode(id: id(.node, node.metadata), uid: node.metadata.uid, status: status,
                         properties: GraphNodeProperties(cpu: resources["cpu"], memory: resources["memory"]))
    }

    static func node(_ workload: Workload) -> GraphNode {
        GraphNode(id: id(ObjectKind(workload.kind), workload.metadata), uid: workload.metadata.uid)
    }

    static func node(_ service: Service) -> GraphNode {
        let selector = service.spec.selector.flatMap { $0.isEmpty ? nil : $0 }
        return GraphNode(id: id(.service, service.metadata), uid: service.metadata.uid,
                         properties: GraphNodeProperties(serviceType: service.spec.type, selector: selector))
    }

    /// ConfigMaps and Secrets: identity only, never contents.
    static func node(_ kind: ObjectKind, _ object: PartialObjectMetadata) -> GraphNode {
        GraphNode(id: id(kind, object.metadata), uid: object.metadata.uid)
    }

    /// A referenced object the inventory lacks, drawn so the dangling reference is visible.
    static func placeholder(_ id: GraphNodeID, requested: String? = nil) -> GraphNode {
        GraphNode(id: id, status: GraphNode.missingStatus, properties: GraphNodeProperties(requested: requested))
    }

    private static func nonEmpty(_ modes: [String]) -> [String]? { modes.isEmpty ? nil : modes }
}
