import KubeModel

/// A kind of object a ``ClusterSource`` can list, typed by the model it decodes into.
///
/// Use the static members: `.nodes`, `.pods`, `.persistentVolumeClaims`, `.persistentVolumes`,
/// `.storageClasses`, `.services`, and the workload kinds (`.deployments`, `.replicaSets`…).
public struct ClusterResource<Item: Decodable & Sendable>: Sendable, CustomStringConvertible {
    /// The object kind (`Pod`).
    public let kind: String
    /// Where the API serves it.
    public let path: ResourcePath
    public let isNamespaced: Bool
    /// Fills what typed API lists leave out (a workload's `kind`).
    let complete: @Sendable (Item) -> Item
    /// Picks this kind out of a snapshot's mixed items.
    let extract: @Sendable (KubeObject) -> Item?

    init(kind: String, path: ResourcePath, isNamespaced: Bool,
         complete: @escaping @Sendable (Item) -> Item = { $0 }, extract: @escaping @Sendable (KubeObject) -> Item?) {
        self.kind = kind
        self.path = path
        self.isNamespaced = isNamespaced
        self.complete = complete
        self.extract = extract
    }

    public var description: String { path.description }
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
