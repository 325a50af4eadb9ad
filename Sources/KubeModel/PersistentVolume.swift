/// A PersistentVolume: cluster-scoped storage a claim binds to.
public struct PersistentVolume: Decodable, Sendable, Equatable {
    /// The API's `metadata`.
    public var metadata: ObjectMeta
    /// The API's `spec`.
    public var spec: PersistentVolumeSpec
    /// The API's `status`.
    public var status: PersistentVolumeStatus

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(metadata: ObjectMeta, spec: PersistentVolumeSpec = PersistentVolumeSpec(),
                status: PersistentVolumeStatus = PersistentVolumeStatus()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    private enum CodingKeys: String, CodingKey { case metadata, spec, status }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(.metadata, default: ObjectMeta(name: ""))
        spec = try c.decode(.spec, default: PersistentVolumeSpec())
        status = try c.decode(.status, default: PersistentVolumeStatus())
    }
}

/// `PersistentVolume.spec`.
public struct PersistentVolumeSpec: Decodable, Sendable, Equatable {
    /// The API's `spec.capacity`.
    public var capacity: ResourceList
    /// The API's `spec.storageClassName`.
    public var storageClassName: String?
    /// The claim this volume is bound (or reserved) to.
    public var claimRef: ObjectReference?
    /// The API's `spec.accessModes`.
    public var accessModes: [String]
    /// `Retain`, `Delete` or `Recycle`.
    public var persistentVolumeReclaimPolicy: String?
    /// The API's `spec.volumeMode`.
    public var volumeMode: String?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
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

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
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

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(phase: String? = nil) { self.phase = phase }
}

/// A reference to another object (`claimRef`): every field optional, as in the API.
public struct ObjectReference: Decodable, Sendable, Equatable {
    /// The API's `spec.claimRef.kind`.
    public var kind: String?
    /// The API's `spec.claimRef.namespace`.
    public var namespace: String?
    /// The API's `spec.claimRef.name`.
    public var name: String?
    /// The API's `spec.claimRef.uid`.
    public var uid: String?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(kind: String? = nil, namespace: String? = nil, name: String? = nil, uid: String? = nil) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.uid = uid
    }
}
