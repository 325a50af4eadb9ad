/// A PersistentVolumeClaim: a pod's request for storage.
public struct PersistentVolumeClaim: Decodable, Sendable, Equatable {
    public var metadata: ObjectMeta
    public var spec: PersistentVolumeClaimSpec
    public var status: PersistentVolumeClaimStatus

    public init(metadata: ObjectMeta, spec: PersistentVolumeClaimSpec = PersistentVolumeClaimSpec(),
                status: PersistentVolumeClaimStatus = PersistentVolumeClaimStatus()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    private enum CodingKeys: String, CodingKey { case metadata, spec, status }

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
    public var accessModes: [String]
    public var resources: ResourceRequirements
    /// `Filesystem` or `Block`.
    public var volumeMode: String?

    public init(volumeName: String? = nil, storageClassName: String? = nil, accessModes: [String] = [],
                resources: ResourceRequirements = ResourceRequirements(), volumeMode: String? = nil) {
        self.volumeName = volumeName
        self.storageClassName = storageClassName
        self.accessModes = accessModes
        self.resources = resources
        self.volumeMode = volumeMode
    }

    private enum CodingKeys: String, CodingKey { case volumeName, storageClassName, accessModes, resources, volumeMode }

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
    public var accessModes: [String]

    public init(phase: String? = nil, capacity: ResourceList = [:], accessModes: [String] = []) {
        self.phase = phase
        self.capacity = capacity
        self.accessModes = accessModes
    }

    private enum CodingKeys: String, CodingKey { case phase, capacity, accessModes }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phase = try c.decodeIfPresent(String.self, forKey: .phase)
        capacity = try c.decode(.capacity, default: [:])
        accessModes = try c.decode(.accessModes, default: [])
    }
}
