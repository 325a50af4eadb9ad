/// A PersistentVolumeClaim: a pod's request for storage.
public struct PersistentVolumeClaim: Decodable, Sendable, Equatable {
    /// The API's `metadata`.
    public var metadata: ObjectMeta
    /// The API's `spec`.
    public var spec: PersistentVolumeClaimSpec
    /// The API's `status`.
    public var status: PersistentVolumeClaimStatus

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(metadata: ObjectMeta, spec: PersistentVolumeClaimSpec = PersistentVolumeClaimSpec(),
                status: PersistentVolumeClaimStatus = PersistentVolumeClaimStatus()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    private enum CodingKeys: String, CodingKey { case metadata, spec, status }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(.metadata, default: ObjectMeta(name: ""))
        spec = try c.decode(.spec, default: PersistentVolumeClaimSpec())
        status = try c.decode(.status, default: PersistentVolumeClaimStatus())
    }
}

/// `PersistentVolumeClaim.spec` (also the spec of an ephemeral volume's claim template).
public struct PersistentVolumeClaimSpec: Decodable, Sendable, Equatable {
    /// The bound PV's name, set by the binder.
    public var volumeName: String?
    /// Nil means "the default class"; an empty string means "no class" (static binding only).
    public var storageClassName: String?
    /// The API's `spec.accessModes`.
    public var accessModes: [String]
    /// The API's `spec.resources`.
    public var resources: ResourceRequirements
    /// `Filesystem` or `Block`.
    public var volumeMode: String?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(volumeName: String? = nil, storageClassName: String? = nil, accessModes: [String] = [],
                resources: ResourceRequirements = ResourceRequirements(), volumeMode: String? = nil) {
        self.volumeName = volumeName
        self.storageClassName = storageClassName
        self.accessModes = accessModes
        self.resources = resources
        self.volumeMode = volumeMode
    }

    private enum CodingKeys: String, CodingKey { case volumeName, storageClassName, accessModes, resources, volumeMode }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        volumeName = try c.decodeIfPresent(String.self, forKey: .volumeName).flatMap { $0.isEmpty ? nil : $0 }
        storageClassName = try c.decodeIfPresent(String.self, forKey: .storageClassName)
        accessModes = try c.decode(.accessModes, default: [])
        resources = try c.decode(.resources, default: ResourceRequirements())
        volumeMode = try c.decodeIfPresent(String.self, forKey: .volumeMode)
    }

    /// Raw `resources.requests.storage` text.
    public var requestedStorage: String? { resources.requests["storage"] }
}

/// `PersistentVolumeClaim.status`.
public struct PersistentVolumeClaimStatus: Decodable, Sendable, Equatable {
    /// `Pending`, `Bound` or `Lost`.
    public var phase: String?
    /// The provisioned size once bound.
    public var capacity: ResourceList
    /// The API's `status.accessModes`.
    public var accessModes: [String]

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(phase: String? = nil, capacity: ResourceList = [:], accessModes: [String] = []) {
        self.phase = phase
        self.capacity = capacity
        self.accessModes = accessModes
    }

    private enum CodingKeys: String, CodingKey { case phase, capacity, accessModes }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phase = try c.decodeIfPresent(String.self, forKey: .phase)
        capacity = try c.decode(.capacity, default: [:])
        accessModes = try c.decode(.accessModes, default: [])
    }
}
