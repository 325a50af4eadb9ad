/// A Kubernetes kind as it appears in the graph (`Pod`, `PersistentVolumeClaim`, …).
///
/// A struct over the API spelling rather than a closed enum: owner references may name kinds
/// this product does not model, and the JSON must still decode them.
public struct ObjectKind: RawRepresentable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let rawValue: String
    /// Position in ``order``, computed once: sorting a large graph compares kinds millions of times.
    let rank: Int

    public init(rawValue: String) {
        self.rawValue = rawValue
        rank = Self.ranks[rawValue] ?? Self.order.count
    }

    public init(_ rawValue: String) { self.init(rawValue: rawValue) }

    public static func == (lhs: ObjectKind, rhs: ObjectKind) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    public static let pod = ObjectKind("Pod")
    public static let persistentVolumeClaim = ObjectKind("PersistentVolumeClaim")
    public static let persistentVolume = ObjectKind("PersistentVolume")
    public static let storageClass = ObjectKind("StorageClass")
    public static let node = ObjectKind("Node")
    public static let replicaSet = ObjectKind("ReplicaSet")
    public static let deployment = ObjectKind("Deployment")
    public static let statefulSet = ObjectKind("StatefulSet")
    public static let daemonSet = ObjectKind("DaemonSet")
    public static let job = ObjectKind("Job")
    public static let cronJob = ObjectKind("CronJob")
    public static let service = ObjectKind("Service")
    public static let configMap = ObjectKind("ConfigMap")
    public static let secret = ObjectKind("Secret")

    /// Kinds drawn with `--kinds volumes`.
    public static let volumeKinds: Set<ObjectKind> = [.pod, .persistentVolumeClaim, .persistentVolume, .storageClass, .node]

    /// Kinds without a namespace; their identity is kind + name.
    public var isClusterScoped: Bool { Self.clusterScoped.contains(self) }

    /// The short name people type and read (`PVC`, `PV`, `SC`); the kind itself otherwise.
    public var shortName: String {
        switch self {
        case .persistentVolumeClaim: "PVC"
        case .persistentVolume: "PV"
        case .storageClass: "StorageClass"
        default: rawValue
        }
    }

    public var description: String { rawValue }

    /// The kind named by `text`: the kind itself, its plural or a kubectl short name, any case.
    public init?(alias text: String) {
        guard let kind = Self.aliases[text.lowercased()] else { return nil }
        self = kind
    }

    /// Orders kinds left to right as a reader follows the picture: owners, pods, storage, nodes.
    public static func < (lhs: ObjectKind, rhs: ObjectKind) -> Bool {
        lhs.rank != rhs.rank ? lhs.rank < rhs.rank : lhs.rawValue < rhs.rawValue
    }

    private static let clusterScoped: Set<ObjectKind> = [.persistentVolume, .storageClass, .node]

    private static let order = [
        "CronJob", "Deployment", "StatefulSet", "DaemonSet", "Job", "ReplicaSet", "Service", "Pod",
        "ConfigMap", "Secret", "PersistentVolumeClaim", "PersistentVolume", "StorageClass", "Node",
    ]
    private static let ranks = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })

    private static let aliases: [String: ObjectKind] = {
        let table: [(ObjectKind, [String])] = [
            (.pod, ["po", "pods"]), (.persistentVolumeClaim, ["pvc", "pvcs", "persistentvolumeclaims"]),
            (.persistentVolume, ["pv", "pvs", "persistentvolumes"]), (.storageClass, ["sc", "storageclasses"]),
            (.node, ["no", "nodes"]), (.replicaSet, ["rs", "replicasets"]), (.deployment, ["deploy", "deployments"]),
            (.statefulSet, ["sts", "statefulsets"]), (.daemonSet, ["ds", "daemonsets"]), (.job, ["jobs"]),
            (.cronJob, ["cj", "cronjobs"]), (.service, ["svc", "services"]), (.configMap, ["cm", "configmaps"]),
            (.secret, ["secrets"]),
        ]
        var aliases: [String: ObjectKind] = [:]
        for (kind, names) in table {
            aliases[kind.rawValue.lowercased()] = kind
            for name in names { aliases[name] = kind }
        }
        return aliases
    }()
}
