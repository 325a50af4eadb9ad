import Foundation
import KubeModel
@testable import VolumeGraph

/// Hand-made Kubernetes objects, small enough to read in a test.
enum Fx {
    static func pod(_ namespace: String, _ name: String, phase: String = "Running", node: String? = "node-a",
                    claims: [String] = [], volumes: [Volume] = [], containers: [Container] = [],
                    labels: [String: String] = [:], owners: [OwnerReference] = [], uid: String? = nil) -> Pod {
        let claimVolumes = claims.map {
            Volume(name: "vol-\($0)", persistentVolumeClaim: PersistentVolumeClaimVolumeSource(claimName: $0))
        }
        return Pod(metadata: ObjectMeta(name: name, namespace: namespace, uid: uid, labels: labels, ownerReferences: owners),
                   spec: PodSpec(nodeName: node, containers: containers, volumes: claimVolumes + volumes),
                   status: PodStatus(phase: phase))
    }

    static func pvc(_ namespace: String, _ name: String, phase: String = "Bound", volume: String? = nil,
                    storageClass: String? = "fast", request: String = "1Gi", capacity: String? = nil,
                    uid: String? = nil) -> PersistentVolumeClaim {
        PersistentVolumeClaim(
            metadata: ObjectMeta(name: name, namespace: namespace, uid: uid),
            spec: PersistentVolumeClaimSpec(volumeName: volume, storageClassName: storageClass,
                                            accessModes: ["ReadWriteOnce"],
                                            resources: ResourceRequirements(requests: ["storage": request])),
            status: PersistentVolumeClaimStatus(phase: phase, capacity: capacity.map { ["storage": $0] } ?? [:],
                                                 accessModes: phase == "Bound" ? ["ReadWriteOnce"] : []))
    }

    static func pv(_ name: String, phase: String = "Bound", claim: (String, String)? = nil, claimUID: String? = nil,
                   capacity: String = "1Gi", storageClass: String? = "fast", reclaim: String = "Delete") -> PersistentVolume {
        PersistentVolume(
            metadata: ObjectMeta(name: name, uid: "uid-\(name)"),
            spec: PersistentVolumeSpec(
                capacity: ["storage": capacity], storageClassName: storageClass,
                claimRef: claim.map { ObjectReference(kind: "PersistentVolumeClaim", namespace: $0.0, name: $0.1, uid: claimUID) },
                accessModes: ["ReadWriteOnce"], persistentVolumeReclaimPolicy: reclaim),
            status: PersistentVolumeStatus(phase: phase))
    }

    static func storageClass(_ name: String, binding: String = "Immediate") -> StorageClass {
        StorageClass(metadata: ObjectMeta(name: name), provisioner: "csi.example.com", reclaimPolicy: "Delete",
                     volumeBindingMode: binding)
    }

    static func node(_ name: String) -> Node {
        Node(metadata: ObjectMeta(name: name),
             status: NodeStatus(capacity: ["cpu": "4", "memory": "16Gi"], allocatable: ["cpu": "3920m", "memory": "15Gi"],
                                conditions: [NodeCondition(type: "Ready", status: "True")]))
    }

    static func workload(_ kind: String, _ namespace: String, _ name: String, uid: String?,
                         owners: [OwnerReference] = []) -> Workload {
        Workload(kind: kind, metadata: ObjectMeta(name: name, namespace: namespace, uid: uid, ownerReferences: owners))
    }

    static func owner(_ kind: String, _ name: String, uid: String) -> OwnerReference {
        OwnerReference(apiVersion: "apps/v1", kind: kind, name: name, uid: uid, controller: true)
    }

    static func service(_ namespace: String, _ name: String, selector: [String: String]?) -> Service {
        Service(metadata: ObjectMeta(name: name, namespace: namespace), spec: ServiceSpec(selector: selector, type: "ClusterIP"))
    }

    static func configMap(_ namespace: String, _ name: String) -> PartialObjectMetadata {
        PartialObjectMetadata(kind: "ConfigMap", metadata: ObjectMeta(name: name, namespace: namespace))
    }

    static func secret(_ namespace: String, _ name: String) -> PartialObjectMetadata {
        PartialObjectMetadata(kind: "Secret", metadata: ObjectMeta(name: name, namespace: namespace))
    }

    static func podID(_ namespace: String, _ name: String) -> GraphNodeID { GraphNodeID(kind: .pod, namespace: namespace, name: name) }
    static func pvcID(_ namespace: String, _ name: String) -> GraphNodeID {
        GraphNodeID(kind: .persistentVolumeClaim, namespace: namespace, name: name)
    }
    static func pvID(_ name: String) -> GraphNodeID { GraphNodeID(kind: .persistentVolume, namespace: nil, name: name) }
    static func scID(_ name: String) -> GraphNodeID { GraphNodeID(kind: .storageClass, namespace: nil, name: name) }
    static func nodeID(_ name: String) -> GraphNodeID { GraphNodeID(kind: .node, namespace: nil, name: name) }
    static func id(_ kind: ObjectKind, _ namespace: String?, _ name: String) -> GraphNodeID {
        GraphNodeID(kind: kind, namespace: namespace, name: name)
    }

    /// A healthy namespace: pod `shop/api` on `node-a` mounts `shop/data`, bound both ways to
    /// `pv-data` of class `fast`.
    static func healthyShop() -> GraphInventory {
        GraphInventory(
            pods: [pod("shop", "api", claims: ["data"])],
            persistentVolumeClaims: [pvc("shop", "data", volume: "pv-data", capacity: "1Gi", uid: "uid-data")],
            persistentVolumes: [pv("pv-data", claim: ("shop", "data"), claimUID: "uid-data")],
            storageClasses: [storageClass("fast")],
            nodes: [node("node-a")])
    }

    /// Options that show every object linked, so tests of linking and findings see the whole
    /// graph; the volume-graph defaults (``GraphOptions()``) are tested on their own.
    static let everything = GraphOptions(allPods: true, showNodes: true)

    static func build(_ inventory: GraphInventory, _ options: GraphOptions = everything) throws -> RelationshipGraph {
        try GraphBuilder(options).build(from: inventory)
    }
}

extension RelationshipGraph {
    /// `"source -type-> target"` strings, for compact assertions.
    var edgeTexts: Set<String> {
        Set(relationships.map { "\($0.source) -\($0.type.rawValue)-> \($0.target)" })
    }

    var nodeIDs: Set<GraphNodeID> { Set(nodes.map(\.id)) }

    func findings(_ code: FindingCode) -> [Finding] { findings.filter { $0.code == code } }
}
