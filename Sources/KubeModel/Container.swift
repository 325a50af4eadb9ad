/// A container or init container of a pod.
public struct Container: Decodable, Sendable, Equatable {
    /// The API's `spec.containers[].name`.
    public var name: String
    /// The API's `spec.containers[].resources`.
    public var resources: ResourceRequirements
    /// `Always` on an init container makes it a restartable sidecar (KEP-753).
    public var restartPolicy: String?
    /// Only references to ConfigMaps and Secrets are decoded, never literal values.
    public var env: [EnvVar]
    /// The API's `spec.containers[].envFrom`.
    public var envFrom: [EnvFromSource]

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(name: String, resources: ResourceRequirements = ResourceRequirements(),
                restartPolicy: String? = nil, env: [EnvVar] = [], envFrom: [EnvFromSource] = []) {
        self.name = name
        self.resources = resources
        self.restartPolicy = restartPolicy
        self.env = env
        self.envFrom = envFrom
    }

    private enum CodingKeys: String, CodingKey { case name, resources, restartPolicy, env, envFrom }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
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
    /// The API's `env[].name`.
    public var name: String
    /// The API's `env[].valueFrom`.
    public var valueFrom: EnvVarSource?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(name: String, valueFrom: EnvVarSource? = nil) {
        self.name = name
        self.valueFrom = valueFrom
    }

    private enum CodingKeys: String, CodingKey { case name, valueFrom }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(.name, default: "")
        valueFrom = try c.decodeIfPresent(EnvVarSource.self, forKey: .valueFrom)
    }
}

/// `env[].valueFrom`: the ConfigMap or Secret a variable is read from.
public struct EnvVarSource: Decodable, Sendable, Equatable {
    /// The API's `env[].valueFrom.configMapKeyRef`.
    public var configMapKeyRef: KeySelector?
    /// The API's `env[].valueFrom.secretKeyRef`.
    public var secretKeyRef: KeySelector?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(configMapKeyRef: KeySelector? = nil, secretKeyRef: KeySelector? = nil) {
        self.configMapKeyRef = configMapKeyRef
        self.secretKeyRef = secretKeyRef
    }
}

/// `configMapKeyRef` / `secretKeyRef`: names the object and key, never the value.
public struct KeySelector: Decodable, Sendable, Equatable {
    /// The API's `name`.
    public var name: String
    /// The API's `key`.
    public var key: String?
    /// The API's `optional`.
    public var optional: Bool?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(name: String, key: String? = nil, optional: Bool? = nil) {
        self.name = name
        self.key = key
        self.optional = optional
    }

    private enum CodingKeys: String, CodingKey { case name, key, optional }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(.name, default: "")
        key = try c.decodeIfPresent(String.self, forKey: .key)
        optional = try c.decodeIfPresent(Bool.self, forKey: .optional)
    }
}

/// `envFrom[]`: a whole ConfigMap or Secret imported as variables.
public struct EnvFromSource: Decodable, Sendable, Equatable {
    /// The API's `envFrom[].configMapRef`.
    public var configMapRef: NameReference?
    /// The API's `envFrom[].secretRef`.
    public var secretRef: NameReference?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(configMapRef: NameReference? = nil, secretRef: NameReference? = nil) {
        self.configMapRef = configMapRef
        self.secretRef = secretRef
    }
}

/// A reference by name to an object in the same namespace (`{name, optional}`).
public struct NameReference: Decodable, Sendable, Equatable {
    /// The API's `name`.
    public var name: String
    /// The API's `optional`.
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
