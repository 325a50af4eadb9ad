/// A Service: selects pods by label in its own namespace.
public struct Service: Decodable, Sendable, Equatable {
    /// The API's `metadata`.
    public var metadata: ObjectMeta
    /// The API's `spec`.
    public var spec: ServiceSpec

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(metadata: ObjectMeta, spec: ServiceSpec = ServiceSpec()) {
        self.metadata = metadata
        self.spec = spec
    }

    private enum CodingKeys: String, CodingKey { case metadata, spec }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(.metadata, default: ObjectMeta(name: ""))
        spec = try c.decode(.spec, default: ServiceSpec())
    }
}

/// `Service.spec`.
public struct ServiceSpec: Decodable, Sendable, Equatable {
    /// Nil or empty: the service selects no pods (endpoints are managed by hand).
    public var selector: [String: String]?
    /// `ClusterIP`, `NodePort`, `LoadBalancer` or `ExternalName`.
    public var type: String?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(selector: [String: String]? = nil, type: String? = nil) {
        self.selector = selector
        self.type = type
    }

    /// True when the selector is non-empty and every pair is among `labels`.
    public func selects(labels: [String: String]) -> Bool {
        guard let selector, !selector.isEmpty else { return false }
        return selector.allSatisfy { labels[$0.key] == $0.value }
    }
}
