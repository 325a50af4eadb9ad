/// One object of any kind the product reads, decoded by dispatching on its `kind` field.
///
/// Used for snapshot files (a kubectl `List` mixing nodes, pods, claims…): decode them as
/// ``MixedList`` and each item lands in its case, or in ``MixedList/rejected`` with its identity.
public enum KubeObject: Decodable, Sendable, Equatable {
    case node(Node)
    case pod(Pod)
    case persistentVolumeClaim(PersistentVolumeClaim)
    case persistentVolume(PersistentVolume)
    case storageClass(StorageClass)
    case workload(Workload)
    case service(Service)
    /// Metadata only: contents are never decoded.
    case configMap(PartialObjectMetadata)
    /// Metadata only: contents are never decoded.
    case secret(PartialObjectMetadata)
    /// A kind this product does not model (Namespace, Endpoints…), kept so callers can count it.
    case other(PartialObjectMetadata)

    private enum CodingKeys: String, CodingKey { case kind }

    /// Decodes one object, choosing the case from its `kind`; unknown kinds become ``other(_:)``.
    public init(from decoder: any Decoder) throws {
        let kind = try Self.kind(of: decoder)
        switch kind {
        case "Node": self = .node(try Node(from: decoder))
        case "Pod": self = .pod(try Pod(from: decoder))
        case "PersistentVolumeClaim": self = .persistentVolumeClaim(try PersistentVolumeClaim(from: decoder))
        case "PersistentVolume": self = .persistentVolume(try PersistentVolume(from: decoder))
        case "StorageClass": self = .storageClass(try StorageClass(from: decoder))
        case "Service": self = .service(try Service(from: decoder))
        case "ConfigMap": self = .configMap(try PartialObjectMetadata(from: decoder))
        case "Secret": self = .secret(try PartialObjectMetadata(from: decoder))
        case _ where Workload.kinds.contains(kind): self = .workload(try Workload(from: decoder))
        default: self = .other(try PartialObjectMetadata(from: decoder))
        }
    }

    /// The `kind` of a mixed list's item, which must name one.
    static func kind(of decoder: any Decoder) throws -> String {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        guard let kind = try c.decodeIfPresent(String.self, forKey: .kind), !kind.isEmpty else {
            throw DecodingError.keyNotFound(CodingKeys.kind, DecodingError.Context(
                codingPath: c.codingPath, debugDescription: "an item of a mixed list needs a kind"))
        }
        return kind
    }

    /// The object's kind as Kubernetes spells it.
    public var kind: String {
        switch self {
        case .node: "Node"
        case .pod: "Pod"
        case .persistentVolumeClaim: "PersistentVolumeClaim"
        case .persistentVolume: "PersistentVolume"
        case .storageClass: "StorageClass"
        case .workload(let w): w.kind
        case .service: "Service"
        case .configMap: "ConfigMap"
        case .secret: "Secret"
        case .other(let o): o.kind
        }
    }

    /// The object's metadata, whatever its kind.
    public var metadata: ObjectMeta {
        switch self {
        case .node(let o): o.metadata
        case .pod(let o): o.metadata
        case .persistentVolumeClaim(let o): o.metadata
        case .persistentVolume(let o): o.metadata
        case .storageClass(let o): o.metadata
        case .workload(let o): o.metadata
        case .service(let o): o.metadata
        case .configMap(let o), .secret(let o), .other(let o): o.metadata
        }
    }
}

/// A kubectl `List` whose items are of many kinds (`kubectl get nodes,pods,pvc,pv,sc -A -o json`).
public typealias MixedList = KubeList<KubeObject>
