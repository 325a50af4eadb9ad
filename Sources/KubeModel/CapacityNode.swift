/// A node as the capacity scan reads it, and nothing more: its name and labels (node selectors filter on them),
/// whether it is ready and schedulable, and the capacity and allocatable its pods' sums are compared with.
///
/// Like ``CapacityPod``, produced directly by JSONDecoder (this type's `Decodable` conformance) and by
/// FastDecode's simdjson scanner from exactly these fields, from a list item or a single object; the graph uses
/// ``Node``.
public struct CapacityNode: Decodable, Sendable, Equatable {
    /// `metadata.name`; "" when absent.
    public var name: String
    /// `metadata.labels`.
    public var labels: [String: String]
    /// `spec.unschedulable` (cordoned).
    public var unschedulable: Bool
    /// True when a `status.conditions` entry of type `Ready` has status `True`.
    public var isReady: Bool
    /// `status.capacity`.
    public var capacity: ResourceList
    /// `status.allocatable`; nil when the node reports none at all (then capacity is the denominator), which
    /// differs from an allocatable that lists a resource as zero.
    public var allocatable: ResourceList?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(name: String, labels: [String: String] = [:], unschedulable: Bool = false, isReady: Bool = false,
                capacity: ResourceList = [:], allocatable: ResourceList? = nil) {
        self.name = name
        self.labels = labels
        self.unschedulable = unschedulable
        self.isReady = isReady
        self.capacity = capacity
        self.allocatable = allocatable
    }

    private enum CodingKeys: String, CodingKey { case metadata, spec, status }
    private enum MetadataKeys: String, CodingKey { case name, labels }
    private enum SpecKeys: String, CodingKey { case unschedulable }
    private enum StatusKeys: String, CodingKey { case capacity, allocatable, conditions }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults. A condition without a
    /// type or status is malformed, as in ``NodeCondition``.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let metadata = try c.nestedContainerIfPresent(keyedBy: MetadataKeys.self, forKey: .metadata)
        name = try metadata?.decodeIfPresent(String.self, forKey: .name) ?? ""
        labels = try metadata?.decode(.labels, default: [:]) ?? [:]
        let spec = try c.nestedContainerIfPresent(keyedBy: SpecKeys.self, forKey: .spec)
        unschedulable = try spec?.decode(.unschedulable, default: false) ?? false
        let status = try c.nestedContainerIfPresent(keyedBy: StatusKeys.self, forKey: .status)
        capacity = try status?.decode(.capacity, default: [:]) ?? [:]
        allocatable = try status?.decodeIfPresent(ResourceList.self, forKey: .allocatable)
        let conditions = try status?.decode(.conditions, default: [NodeCondition]()) ?? []
        isReady = conditions.contains { $0.type == "Ready" && $0.status == "True" }
    }
}
