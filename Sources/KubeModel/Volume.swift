/// `Pod.spec.volumes[]`: only the sources that link a pod to other objects.
public struct Volume: Decodable, Sendable, Equatable {
    /// The API's `spec.volumes[].name`.
    public var name: String
    /// The API's `spec.volumes[].persistentVolumeClaim`.
    public var persistentVolumeClaim: PersistentVolumeClaimVolumeSource?
    /// The API's `spec.volumes[].ephemeral`.
    public var ephemeral: EphemeralVolumeSource?
    /// The API's `spec.volumes[].configMap`.
    public var configMap: ConfigMapVolumeSource?
    /// The API's `spec.volumes[].secret`.
    public var secret: SecretVolumeSource?
    /// The API's `spec.volumes[].projected`.
    public var projected: ProjectedVolumeSource?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(name: String, persistentVolumeClaim: PersistentVolumeClaimVolumeSource? = nil,
                ephemeral: EphemeralVolumeSource? = nil, configMap: ConfigMapVolumeSource? = nil,
                secret: SecretVolumeSource? = nil, projected: ProjectedVolumeSource? = nil) {
        self.name = name
        self.persistentVolumeClaim = persistentVolumeClaim
        self.ephemeral = ephemeral
        self.configMap = configMap
        self.secret = secret
        self.projected = projected
    }

    private enum CodingKeys: String, CodingKey { case name, persistentVolumeClaim, ephemeral, configMap, secret, projected }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(.name, default: "")
        persistentVolumeClaim = try c.decodeIfPresent(PersistentVolumeClaimVolumeSource.self, forKey: .persistentVolumeClaim)
        ephemeral = try c.decodeIfPresent(EphemeralVolumeSource.self, forKey: .ephemeral)
        configMap = try c.decodeIfPresent(ConfigMapVolumeSource.self, forKey: .configMap)
        secret = try c.decodeIfPresent(SecretVolumeSource.self, forKey: .secret)
        projected = try c.decodeIfPresent(ProjectedVolumeSource.self, forKey: .projected)
    }

    /// The PVC this volume mounts: the named claim, or for a generic ephemeral volume the claim
    /// Kubernetes creates for it, named `<pod name>-<volume name>`.
    public func claimName(podName: String) -> String? {
        if let claim = persistentVolumeClaim { return claim.claimName }
        if ephemeral?.volumeClaimTemplate != nil { return "\(podName)-\(name)" }
        return nil
    }
}

/// `volumes[].persistentVolumeClaim`.
public struct PersistentVolumeClaimVolumeSource: Decodable, Sendable, Equatable {
    /// The API's `volumes[].persistentVolumeClaim.claimName`.
    public var claimName: String
    /// The API's `volumes[].persistentVolumeClaim.readOnly`.
    public var readOnly: Bool?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(claimName: String, readOnly: Bool? = nil) {
        self.claimName = claimName
        self.readOnly = readOnly
    }

    private enum CodingKeys: String, CodingKey { case claimName, readOnly }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        claimName = try c.decode(.claimName, default: "")
        readOnly = try c.decodeIfPresent(Bool.self, forKey: .readOnly)
    }
}

/// `volumes[].ephemeral`: a generic ephemeral volume backed by a per-pod PVC.
public struct EphemeralVolumeSource: Decodable, Sendable, Equatable {
    /// The API's `volumes[].ephemeral.volumeClaimTemplate`.
    public var volumeClaimTemplate: PersistentVolumeClaimTemplate?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(volumeClaimTemplate: PersistentVolumeClaimTemplate? = nil) {
        self.volumeClaimTemplate = volumeClaimTemplate
    }
}

/// `ephemeral.volumeClaimTemplate`: the spec of the PVC created for the pod.
public struct PersistentVolumeClaimTemplate: Decodable, Sendable, Equatable {
    /// The API's `ephemeral.volumeClaimTemplate.spec`.
    public var spec: PersistentVolumeClaimSpec

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(spec: PersistentVolumeClaimSpec = PersistentVolumeClaimSpec()) { self.spec = spec }

    private enum CodingKeys: String, CodingKey { case spec }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        spec = try c.decode(.spec, default: PersistentVolumeClaimSpec())
    }
}

/// `volumes[].configMap`.
public struct ConfigMapVolumeSource: Decodable, Sendable, Equatable {
    /// The API's `volumes[].configMap.name`.
    public var name: String
    /// The API's `volumes[].configMap.optional`.
    public var optional: Bool?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(name: String, optional: Bool? = nil) {
        self.name = name
        self.optional = optional
    }

    private enum CodingKeys: String, CodingKey { case name, optional }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(.name, default: "")
        optional = try c.decodeIfPresent(Bool.self, forKey: .optional)
    }
}

/// `volumes[].secret` (the field is `secretName`, unlike configMap's `name`).
public struct SecretVolumeSource: Decodable, Sendable, Equatable {
    /// The API's `volumes[].secret.secretName`.
    public var secretName: String
    /// The API's `volumes[].secret.optional`.
    public var optional: Bool?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(secretName: String, optional: Bool? = nil) {
        self.secretName = secretName
        self.optional = optional
    }

    private enum CodingKeys: String, CodingKey { case secretName, optional }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        secretName = try c.decode(.secretName, default: "")
        optional = try c.decodeIfPresent(Bool.self, forKey: .optional)
    }
}

/// `volumes[].projected`: several ConfigMaps and Secrets merged into one volume.
public struct ProjectedVolumeSource: Decodable, Sendable, Equatable {
    /// The API's `volumes[].projected.sources`.
    public var sources: [VolumeProjection]

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(sources: [VolumeProjection] = []) { self.sources = sources }

    private enum CodingKeys: String, CodingKey { case sources }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sources = try c.decode(.sources, default: [])
    }
}

/// One `projected.sources[]` entry; service account tokens and downward API are ignored.
public struct VolumeProjection: Decodable, Sendable, Equatable {
    /// The API's `projected.sources[].configMap`.
    public var configMap: NameReference?
    /// The API's `projected.sources[].secret`.
    public var secret: NameReference?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(configMap: NameReference? = nil, secret: NameReference? = nil) {
        self.configMap = configMap
        self.secret = secret
    }
}
