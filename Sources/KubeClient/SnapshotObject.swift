import Foundation
import KubeModel

/// A mixed-kind model that snapshot files are decoded into, each item landing in the case of its kind
/// (``KubeObject`` for the complete models, ``CapacityObject`` for the capacity scan's narrow ones), with what
/// the snapshot's selectors read from it.
protocol SnapshotObject: Decodable, Sendable {
    var kind: String { get }
    var name: String { get }
    var namespace: String? { get }
    /// Nil when the model does not keep this object's labels: a label selector on it cannot be answered.
    var labels: [String: String]? { get }
    /// A pod's `spec.nodeName` and `status.phase` (field selectors read them); nil for other kinds.
    var podFields: (nodeName: String?, phase: String?)? { get }

    /// The items of a typed list (`PodList`), which carry no kind.
    static func typedList(_ data: Data, itemKind: String) throws -> KubeList<Self>
}

extension SnapshotObject {
    /// The items of a typed list decoded as `Item`, each wrapped by `make`; rejected items get the list's kind.
    static func typedList<Item: Decodable & Sendable>(_ data: Data, itemKind: String, as _: Item.Type,
                                                      _ make: (Item) -> Self) throws -> KubeList<Self> {
        let list = try FoundationListDecoder.decodeList(data, as: Item.self)
        return KubeList(metadata: list.metadata, items: list.items.map(make),
                        rejected: list.rejected.map { var r = $0; r.kind = r.kind ?? itemKind; return r })
    }
}

extension KubeObject: SnapshotObject {
    var name: String { metadata.name }
    var namespace: String? { metadata.namespace }
    var labels: [String: String]? { metadata.labels }

    var podFields: (nodeName: String?, phase: String?)? {
        guard case .pod(let pod) = self else { return nil }
        return (pod.spec.nodeName, pod.status.phase)
    }

    static func typedList(_ data: Data, itemKind: String) throws -> KubeList<KubeObject> {
        switch itemKind {
        case "Node": return try typedList(data, itemKind: itemKind, as: Node.self, KubeObject.node)
        case "Pod": return try typedList(data, itemKind: itemKind, as: Pod.self, KubeObject.pod)
        case "PersistentVolumeClaim":
            return try typedList(data, itemKind: itemKind, as: PersistentVolumeClaim.self, KubeObject.persistentVolumeClaim)
        case "PersistentVolume": return try typedList(data, itemKind: itemKind, as: PersistentVolume.self, KubeObject.persistentVolume)
        case "StorageClass": return try typedList(data, itemKind: itemKind, as: StorageClass.self, KubeObject.storageClass)
        case "Service": return try typedList(data, itemKind: itemKind, as: Service.self, KubeObject.service)
        case _ where Workload.kinds.contains(itemKind):
            return try typedList(data, itemKind: itemKind, as: Workload.self) { .workload($0.withKind(itemKind)) }
        default:
            return try FoundationListDecoder.decodeList(data)
        }
    }
}

extension CapacityObject: SnapshotObject {
    var name: String {
        switch self {
        case .node(let node): node.name
        case .pod(let pod): pod.name
        case .other: ""
        }
    }

    var namespace: String? {
        if case .pod(let pod) = self { return pod.namespace }
        return nil
    }

    /// A node's; a pod's labels are not part of the narrow model.
    var labels: [String: String]? {
        if case .node(let node) = self { return node.labels }
        return nil
    }

    var podFields: (nodeName: String?, phase: String?)? {
        guard case .pod(let pod) = self else { return nil }
        return (pod.nodeName, pod.phase)
    }

    static func typedList(_ data: Data, itemKind: String) throws -> KubeList<CapacityObject> {
        switch itemKind {
        case "Node": try typedList(data, itemKind: itemKind, as: CapacityNode.self, CapacityObject.node)
        case "Pod": try typedList(data, itemKind: itemKind, as: CapacityPod.self, CapacityObject.pod)
        default: try FoundationListDecoder.decodeList(data)
        }
    }
}
