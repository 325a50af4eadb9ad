/// Kind and metadata only, for objects the product references but must not read —
/// ConfigMaps and Secrets, whose `data`/`stringData` are never decoded — and for kinds it
/// does not model.
public struct PartialObjectMetadata: Decodable, Sendable, Equatable {
    /// The API's `kind`.
    public var kind: String
    /// The API's `metadata`.
    public var metadata: ObjectMeta

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(kind: String, metadata: ObjectMeta) {
        self.kind = kind
        self.metadata = metadata
    }

    private enum CodingKeys: String, CodingKey { case kind, metadata }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(.kind, default: "")
        metadata = try c.decode(.metadata, default: ObjectMeta(name: ""))
    }
}
