/// One entry of `Pod.status.containerStatuses`: only what in-place resize (KEP-1287) needs for capacity.
///
/// kubectl and the scheduler take an app container's requests from `resources` when it is set, so the
/// difference between an absent (or null) `resources` and an empty object matters and is kept.
public struct ContainerStatus: Decodable, Sendable, Equatable {
    /// The API's `containerStatuses[].name`: the container of `spec.containers` this status describes.
    public var name: String
    /// The API's `containerStatuses[].resources`: what the kubelet actually applied; nil when absent or null.
    public var resources: ResourceRequirements?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(name: String, resources: ResourceRequirements? = nil) {
        self.name = name
        self.resources = resources
    }

    private enum CodingKeys: String, CodingKey { case name, resources }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(.name, default: "")
        resources = try c.decodeIfPresent(ResourceRequirements.self, forKey: .resources)
    }
}
