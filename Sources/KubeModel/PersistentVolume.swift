/// A PersistentVolume: cluster-scoped storage a claim binds to.
public struct PersistentVolume: Decodable, Sendable, Equatable {
    public var metadata: ObjectMeta
    public var spec: PersistentVolumeSpec
    public var status: PersistentVolumeStatus

    public init(metadata: ObjectMeta, spec: PersistentVolumeSpec = PersistentVolumeSpec(),
                status: PersistentVolumeStatus = PersistentVolumeStatus()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    private enum CodingKeys: String, CodingKey { case metadata, spec, status }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(.metadata, default: ObjectMeta(name: ""))
        spec = try c.decode(.spec, default: PersistentVolumeSpec())
        status = try c.decode(.status, default: PersistentVolumeStatus())
    }
}

/// `PersistentVolume.spec`.
public struct PersistentVolumeSpec: Decodable, Sendable, Equatable {
    public var capacity: ResourceList
    public var storageClassName: String?
    /// The claim this volume is bound (or reserved) to.
    public var claimRef: ObjectReference?
    public var accessModes: [String]
    /// `Retain`, `Delete` or `Recycle`.
    public var persistentVolumeReclaimPolicy: String?
    public var volumeMode: String?

    public init(capacity: ResourceList = [:], storageClassName: String? = nil, claimRef: ObjectReference? = nil,
                accessModes: [String] = [], persistentVolumeReclaimPolicy: String? = nil, volumeMode: String? = nil) {
        self.capacity = capacity
        self.storageClassName = storageClassName
        self.claimRef = claimRef
        self.accessModes = accessModes
        self.persistentVolumeReclaimPolicy = persistentVolumeReclaimPolicy
        self.volumeMode = volumeMode
    }

    private enum CodingKeys: String, CodingKey {
        case capacity, storageClassName, claimRef, accessModes, persistentVolumeReclaimPolicy, volumeMode
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        capacity = try c.decode(.capacity, default: [:])
        storageClassName = try c.decodeIfPresent(String.self, forKey: .storageClassName)
        claimRef = try c.decodeIfPresent(ObjectReference.self, forKey: .claimRef)
        accessModes = try c.decode(.accessModes, default: [])
        persistentVolumeReclaimPolicy = try c.decodeIfPresent(String.self, forKey: .persistentVolumeReclaimPolicy)
        volumeMode = try c.decodeIfPresent(String.self, forKey: .volumeMode)
    }

    /// Raw `capacity.storage` text.
    public var storage: String? { capacity["storage"] }
}

/// `PersistentVolume.status`.
public struct PersistentVolumeStatus: Decodable, Sendable, Equatable {
    /// `Pending`, `Available`, `Bound`, `Released` or `Failed`.
    public var phase: String?

    public init(phase: String? = nil) { self.phase = phase }
}

/// A reference to another object (`claimRef`): every field optional, as in the API.
public struct ObjectReference: Decodable, Sendable, Equatable {
    public var kind: String?
    public var namespace: String?
    public var name: String?
    public var uid: String?

    public init(kind: String? = nil, namespace: String? = nil, name: String? = nil, uid: String? = nil) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
    }
}
