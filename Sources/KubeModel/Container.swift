/// A container or init container of a pod.
public struct Container: Decodable, Sendable, Equatable {
    public var name: String
    public var resources: ResourceRequirements
    /// `Always` on an init container makes it a restartable sidecar (KEP-753).
    public var restartPolicy: String?
    /// Only references to ConfigMaps and Secrets are decoded, never literal values.
    public var env: [EnvVar]
    public var envFrom: [EnvFromSource]

    public init(name: String, resources: ResourceRequirements = ResourceRequirements(),
                restartPolicy: String? = nil, env: [EnvVar] = [], envFrom: [EnvFromSource] = []) {
        self.name = name
        self.resources = resources
        self.restartPolicy = restartPolicy
        self.env = env
        self.envFrom = envFrom
    }

    private enum CodingKeys: String, CodingKey { case name, resources, restartPolicy, env, envFrom }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(.name, default: "")
        resources = try c.decode(.resources, default: ResourceRequirements())
        restartPolicy = try c.decodeIfPresent(String.self, forKey: .restartPolicy)
        env = try c.decode(.env, default: [])
        envFrom = try c.decode(.envFrom, default: [])
    }

    /// An init container with `restartPolicy: Always` keeps running beside the app containers.
    public var isRestartableSidecar: Bool { restartPolicy == "Always" }
}

/// `env[]`: the literal `value` is skipped on purpose; only `valueFrom` references are kept.
public struct EnvVar: Decodable, Sendable, Equatable {
    public var name: String
    public var valueFrom: EnvVarSource?

    public init(name: String, valueFrom: EnvVarSource? = nil) {
        self.name = name
        self.valueFrom = valueFrom
    }

    private enum CodingKeys: String, CodingKey { case name, valueFrom }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(.name, default: "")
        valueFrom = try c.decodeIfPresent(EnvVarSource.self, forKey: .valueFrom)
    }
}

/// `env[].valueFrom`: the ConfigMap or Secret a variable is read from.
public struct EnvVarSource: Decodable, Sendable, Equatable {
    public var configMapKeyRef: KeySelector?
    public var secretKeyRef: KeySelector?

    public init(configMapKeyRef: KeySelector? = nil, secretKeyRef: KeySelector? = nil) {
        self.configMapKeyRef = configMapKeyRef
        self.secretKeyRef = secretKeyRef
    }
}

/// `configMapKeyRef` / `secretKeyRef`: names the object and key, never the value.
public struct KeySelector: Decodable, Sendable, Equatable {
    public var name: String
    public var key: String?
    public var optional: Bool?

    public init(name: String, key: String? = nil, optional: Bool? = nil) {
        self.name = name
        self.key = key
        self.optional = optional
    }

    private enum CodingKeys: String, CodingKey { case name, key, optional }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(.name, default: "")
        key = try c.decodeIfPresent(String.self, forKey: .key)
        optional = try c.decodeIfPresent(Bool.self, forKey: .optional)
    }
}

/// `envFrom[]`: a whole ConfigMap or Secret imported as variables.
public struct EnvFromSource: Decodable, Sendable, Equatable {
    public var configMapRef: NameReference?
    public var secretRef: NameReference?

    public init(configMapRef: NameReference? = nil, secretRef: NameReference? = nil) {
        self.configMapRef = configMapRef
        self.secretRef = secretRef
    }
}

/// A reference by name to an object in the same namespace (`{name, optional}`).
public struct NameReference: Decodable, Sendable, Equatable {
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
