/// A StorageClass: how claims of that class are provisioned.
public struct StorageClass: Decodable, Sendable, Equatable {
    /// The API's `metadata`.
    public var metadata: ObjectMeta
    /// The API's `provisioner`.
    public var provisioner: String
    /// `Delete` (the API default) or `Retain`.
    public var reclaimPolicy: String?
    /// `Immediate` or `WaitForFirstConsumer`.
    public var volumeBindingMode: String?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(metadata: ObjectMeta, provisioner: String = "", reclaimPolicy: String? = nil,
                volumeBindingMode: String? = nil) {
        self.metadata = metadata
        self.provisioner = provisioner
        self.reclaimPolicy = reclaimPolicy
        self.volumeBindingMode = volumeBindingMode
    }

    private enum CodingKeys: String, CodingKey { case metadata, provisioner, reclaimPolicy, volumeBindingMode }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(.metadata, default: ObjectMeta(name: ""))
        provisioner = try c.decode(.provisioner, default: "")
        reclaimPolicy = try c.decodeIfPresent(String.self, forKey: .reclaimPolicy)
        volumeBindingMode = try c.decodeIfPresent(String.self, forKey: .volumeBindingMode)
    }
}
