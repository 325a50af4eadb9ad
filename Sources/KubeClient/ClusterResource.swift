import Foundation
import KubeModel

/// A kind of object a ``ClusterSource`` can list, typed by the model it decodes into.
///
/// Use the static members: `.nodes`, `.pods`, `.persistentVolumeClaims`, `.persistentVolumes`,
/// `.storageClasses`, `.services`, the workload kinds (`.deployments`, `.replicaSets`…), and the capacity
/// scan's narrow `.capacityNodes(decodePage:)` and `.capacityPods(decodePage:)`.
public struct ClusterResource<Item: Decodable & Sendable>: Sendable, CustomStringConvertible {
    /// The object kind (`Pod`).
    public let kind: String
    /// Where the API serves it.
    public let path: ResourcePath
    public let isNamespaced: Bool
    /// Fills what typed API lists leave out (a workload's `kind`).
    let complete: @Sendable (Item) -> Item
    /// How an API server's LIST pages of this kind are decoded (the decoding seam, DESIGN §7).
    let decodePage: @Sendable (Data) throws -> KubeList<Item>
    /// How a snapshot serves this kind.
    let snapshot: SnapshotSelection<Item>

    init(kind: String, path: ResourcePath, isNamespaced: Bool, complete: @escaping @Sendable (Item) -> Item = { $0 },
         decodePage: @escaping @Sendable (Data) throws -> KubeList<Item> = { try FoundationListDecoder.decodeList($0) },
         snapshot: SnapshotSelection<Item>) {
        self.kind = kind
        self.path = path
        self.isNamespaced = isNamespaced
        self.complete = complete
        self.decodePage = decodePage
        self.snapshot = snapshot
    }

    /// A kind read from the complete models, which a snapshot decodes once for every such kind.
    init(kind: String, path: ResourcePath, isNamespaced: Bool, complete: @escaping @Sendable (Item) -> Item = { $0 },
         extract: @escaping @Sendable (KubeObject) -> Item?) {
        self.init(kind: kind, path: path, isNamespaced: isNamespaced, complete: complete, snapshot: .complete(extract))
    }

    public var description: String { path.description }
}

/// Which of a snapshot's decodings serves a kind, and how to pick that kind's items out of it.
enum SnapshotSelection<Item: Sendable>: Sendable {
    /// The complete models (the relationship graph).
    case complete(@Sendable (KubeObject) -> Item?)
    /// The capacity scan's narrow models, which JSONDecoder produces straight from the files.
    case capacity(@Sendable (CapacityObject) -> Item?)
}

extension ClusterResource where Item == Node {
    public static var nodes: Self {
        Self(kind: "Node", path: .nodes, isNamespaced: false) { if case .node(let o) = $0 { o } else { nil } }
    }
}

extension ClusterResource where Item == Pod {
    public static var pods: Self {
        Self(kind: "Pod", path: .pods, isNamespaced: true) { if case .pod(let o) = $0 { o } else { nil } }
    }
}

extension ClusterResource where Item == PersistentVolumeClaim {
    public static var persistentVolumeClaims: Self {
        Self(kind: "PersistentVolumeClaim", path: .persistentVolumeClaims, isNamespaced: true) {
            if case .persistentVolumeClaim(let o) = $0 { o } else { nil }
        }
    }
}

extension ClusterResource where Item == PersistentVolume {
    public static var persistentVolumes: Self {
        Self(kind: "PersistentVolume", path: .persistentVolumes, isNamespaced: false) {
            if case .persistentVolume(let o) = $0 { o } else { nil }
        }
    }
}

extension ClusterResource where Item == StorageClass {
    public static var storageClasses: Self {
        Self(kind: "StorageClass", path: .storageClasses, isNamespaced: false) {
            if case .storageClass(let o) = $0 { o } else { nil }
        }
    }
}

extension ClusterResource where Item == Service {
    public static var services: Self {
        Self(kind: "Service", path: .services, isNamespaced: true) { if case .service(let o) = $0 { o } else { nil } }
    }
}

extension ClusterResource where Item == Workload {
    public static var replicaSets: Self { workload("ReplicaSet", .replicaSets) }
    public static var deployments: Self { workload("Deployment", .deployments) }
    public static var statefulSets: Self { workload("StatefulSet", .statefulSets) }
    public static var daemonSets: Self { workload("DaemonSet", .daemonSets) }
    public static var jobs: Self { workload("Job", .jobs) }
    public static var cronJobs: Self { workload("CronJob", .cronJobs) }

    /// Every workload kind, in owner-chain order (pods' owners first).
    public static var allWorkloads: [Self] { [.replicaSets, .statefulSets, .daemonSets, .jobs, .deployments, .cronJobs] }

    private static func workload(_ kind: String, _ path: ResourcePath) -> Self {
        Self(kind: kind, path: path, isNamespaced: true, complete: { $0.withKind(kind) }) {
            if case .workload(let o) = $0, o.kind == kind { o } else { nil }
        }
    }
}

extension ClusterResource where Item == CapacityNode {
    /// Nodes as the capacity scan reads them. `decodePage` decodes an API server's pages (the scan passes
    /// simdjson's decoder); snapshots are decoded by JSONDecoder into the same narrow model.
    public static func capacityNodes(
        decodePage: @escaping @Sendable (Data) throws -> KubeList<CapacityNode> = { try FoundationListDecoder.decodeList($0) }
    ) -> Self {
        Self(kind: "Node", path: .nodes, isNamespaced: false, decodePage: decodePage,
             snapshot: .capacity { if case .node(let o) = $0 { o } else { nil } })
    }
}

extension ClusterResource where Item == CapacityPod {
    /// Pods as the capacity scan reads them, decoded as ``capacityNodes(decodePage:)`` are.
    public static func capacityPods(
        decodePage: @escaping @Sendable (Data) throws -> KubeList<CapacityPod> = { try FoundationListDecoder.decodeList($0) }
    ) -> Self {
        Self(kind: "Pod", path: .pods, isNamespaced: true, decodePage: decodePage,
             snapshot: .capacity { if case .pod(let o) = $0 { o } else { nil } })
    }
}
