/// `Pod.spec.volumes[]`: only the sources that link a pod to other objects.
public struct Volume: Decodable, Sendable, Equatable {
    public var name: String
    public var persistentVolumeClaim: PersistentVolumeClaimVolumeSource?
    public var ephemeral: EphemeralVolumeSource?
    public var configMap: ConfigMapVolumeSource?
    public var secret: SecretVolumeSource?
    public var projected: ProjectedVolumeSource?

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
    public var claimName: String
    public var readOnly: Bool?

    public init(claimName: String, readOnly: Bool? = nil) {
        self.claimName = claimName
        self.readOnly = readOnly
    }

    private enum CodingKeys: String, CodingKey { case claimName, readOnly }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        claimName = try c.decode(.claimName, default: "")
        readOnly = try c.decodeIfPresent(Bool.self, forKey: .readOnly)
    }
}

/// `volumes[].ephemeral`: a generic ephemeral volume backed by a per-pod PVC.
public struct EphemeralVolumeSource: Decodable, Sendable, Equatable {
    public var volumeClaimTemplate: PersistentVolumeClaimTemplate?

    public init(volumeClaimTemplate: PersistentVolumeClaimTemplate? = nil) {
        self.volumeClaimTemplate = volumeClaimTemplate
    }
}

/// `ephemeral.volumeClaimTemplate`: the spec of the PVC created for the pod.
public struct PersistentVolumeClaimTemplate: Decodable, Sendable, Equatable {
    public var spec: PersistentVolumeClaimSpec

    public init(spec: PersistentVolumeClaimSpec = PersistentVolumeClaimSpec()) { self.spec = spec }

    private enum CodingKeys: String, CodingKey { case spec }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        spec = try c.decode(.spec, default: PersistentVolumeClaimSpec())
    }
}

/// `volumes[].configMap`.
public struct ConfigMapVolumeSource: Decodable, Sendable, Equatable {
    public var name: String
    public var optional: Bool?

    public init(name: String, optional: Bool? = nil) {
        self.name = name
        self.optional = optional
    }

    private enum CodingKeys: String, CodingKey { case name, optional }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(.name, default: "")
        optional = try c.decodeIfPresent(Bool.self, forKey: .optional)
    }
}

/// `volumes[].secret` (the field is `secretName`, unlike configMap's `name`).
public struct SecretVolumeSource: Decodable, Sendable, Equatable {
    public var secretName: String
    public var optional: Bool?

    public init(secretName: String, optional: Bool? = nil) {
        self.secretName = secretName
        self.optional = optional
    }

    private enum CodingKeys: String, CodingKey { case secretName, optional }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        secretName = try c.decode(.secretName, default: "")
        optional = try c.decodeIfPresent(Bool.self, forKey: .optional)
    }
}

/// `volumes[].projected`: several ConfigMaps and Secrets merged into one volume.
public struct ProjectedVolumeSource: Decodable, Sendable, Equatable {
    public var sources: [VolumeProjection]

    public init(sources: [VolumeProjection] = []) { self.sources = sources }

    private enum CodingKeys: String, CodingKey { case sources }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        sources = try c.decode(.sources, default: [])
    }
}

/// One `projected.sources[]` entry; service account tokens and downward API are ignored.
public struct VolumeProjection: Decodable, Sendable, Equatable {
    public var configMap: NameReference?
    public var secret: NameReference?

    public init(configMap: NameReference? = nil, secret: NameReference? = nil) {
        self.configMap = configMap
        self.secret = secret
    }
}
