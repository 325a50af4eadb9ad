/// A pod as the capacity scan reads it, and nothing more: where it is bound, whether it still holds resources
/// there, and the requests and limits its effective figures are computed from (Capacity's `PodResources`).
///
/// Both of the scan's decoders produce it directly, from exactly these fields: JSONDecoder through this type's
/// `Decodable` conformance (snapshot files, and the items the simdjson scanner leaves to it), and FastDecode's
/// simdjson scanner. Nothing else of the pod is decoded, so a pod whose other fields are malformed (a label value
/// that is a number, an odd volume) is still counted; the relationship graph, which reads those fields, uses
/// ``Pod``. A single object decodes as well as a list item, so a watch event's `object` decodes into it too.
public struct CapacityPod: Decodable, Sendable, Equatable {
    /// `metadata.name`; "" when absent.
    public var name: String
    /// `metadata.namespace`.
    public var namespace: String?
    /// `spec.nodeName`; nil while unscheduled (absent, null or empty).
    public var nodeName: String?
    /// `status.phase`: `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`; nil when not yet reported.
    public var phase: String?
    /// `status.resize` (`Proposed`, `InProgress`, `Deferred`, `Infeasible`); nil when no resize is pending.
    public var resize: String?
    /// `spec.containers`, in declaration order.
    public var containers: [Container]
    /// `spec.initContainers`, in declaration order: the KEP-753 sidecar rule depends on it.
    public var initContainers: [Container]
    /// `status.containerStatuses`, in document order (kubectl keeps the last of two equal names).
    public var containerStatuses: [ContainerStatus]
    /// `spec.overhead` (RuntimeClass pod overhead); nil when absent or null.
    public var overhead: ResourceList?
    /// Pod-level `spec.resources` (PodLevelResources feature); nil when absent or null.
    public var resources: ResourceRequirements?

    /// A container or init container: what the sum of a pod's requests and limits needs of it.
    public struct Container: Decodable, Sendable, Equatable {
        /// `name`: the key in-place resize statuses refer to.
        public var name: String
        /// `restartPolicy`: `Always` on an init container makes it a restartable sidecar (KEP-753).
        public var restartPolicy: String?
        /// `resources.requests` and `resources.limits`.
        public var resources: ResourceRequirements

        /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
        public init(name: String, restartPolicy: String? = nil, resources: ResourceRequirements = ResourceRequirements()) {
            self.name = name
            self.restartPolicy = restartPolicy
            self.resources = resources
        }

        private enum CodingKeys: String, CodingKey { case name, restartPolicy, resources }

        /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(.name, default: "")
            restartPolicy = try c.decodeIfPresent(String.self, forKey: .restartPolicy)
            resources = try c.decode(.resources, default: ResourceRequirements())
        }

        /// An init container with `restartPolicy: Always` keeps running beside the app containers.
        public var isRestartableSidecar: Bool { restartPolicy == "Always" }
    }

    /// One entry of `status.containerStatuses`: the requests the kubelet applied (in-place resize, KEP-1287).
    public struct ContainerStatus: Decodable, Sendable, Equatable {
        /// `name`: the container of `spec.containers` this status describes.
        public var name: String
        /// `resources.requests`; nil when `resources` is absent or null, which differs from an empty object (then
        /// the status says the container requests nothing). The limits applied are not read: kubectl ignores them.
        public var requests: ResourceList?

        /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
        public init(name: String, requests: ResourceList? = nil) {
            self.name = name
            self.requests = requests
        }

        private enum CodingKeys: String, CodingKey { case name, resources }
        private enum ResourcesKeys: String, CodingKey { case requests }

        /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(.name, default: "")
            let resources = try c.nestedContainerIfPresent(keyedBy: ResourcesKeys.self, forKey: .resources)
            requests = try resources.map { try $0.decode(.requests, default: [:]) }
        }
    }

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(name: String, namespace: String? = nil, nodeName: String? = nil, phase: String? = nil,
                resize: String? = nil, containers: [Container] = [], initContainers: [Container] = [],
                containerStatuses: [ContainerStatus] = [], overhead: ResourceList? = nil,
                resources: ResourceRequirements? = nil) {
        self.name = name
        self.namespace = namespace
        self.nodeName = nodeName
        self.phase = phase
        self.resize = resize
        self.containers = containers
        self.initContainers = initContainers
        self.containerStatuses = containerStatuses
        self.overhead = overhead
        self.resources = resources
    }

    private enum CodingKeys: String, CodingKey { case metadata, spec, status }
    private enum MetadataKeys: String, CodingKey { case name, namespace }
    private enum SpecKeys: String, CodingKey { case nodeName, containers, initContainers, overhead, resources }
    private enum StatusKeys: String, CodingKey { case phase, resize, containerStatuses }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let metadata = try c.nestedContainerIfPresent(keyedBy: MetadataKeys.self, forKey: .metadata)
        name = try metadata?.decodeIfPresent(String.self, forKey: .name) ?? ""
        namespace = try metadata?.decodeIfPresent(String.self, forKey: .namespace)
        let spec = try c.nestedContainerIfPresent(keyedBy: SpecKeys.self, forKey: .spec)
        nodeName = try spec?.decodeIfPresent(String.self, forKey: .nodeName).flatMap { $0.isEmpty ? nil : $0 }
        containers = try spec?.decode(.containers, default: []) ?? []
        initContainers = try spec?.decode(.initContainers, default: []) ?? []
        overhead = try spec?.decodeIfPresent(ResourceList.self, forKey: .overhead)
        resources = try spec?.decodeIfPresent(ResourceRequirements.self, forKey: .resources)
        let status = try c.nestedContainerIfPresent(keyedBy: StatusKeys.self, forKey: .status)
        phase = try status?.decodeIfPresent(String.self, forKey: .phase)
        resize = try status?.decodeIfPresent(String.self, forKey: .resize)
        containerStatuses = try status?.decode(.containerStatuses, default: []) ?? []
    }

    /// Succeeded and Failed pods hold no resources on their node.
    public var isTerminal: Bool { phase == "Succeeded" || phase == "Failed" }

    /// kubectl's `PodResizeStatusInfeasible`: the node will never apply the spec, so the status alone counts.
    public var isResizeInfeasible: Bool { resize == "Infeasible" }

    /// The status kubectl pairs with the app container `name`: the last entry of that name, as its name-keyed
    /// map keeps.
    public func containerStatus(named name: String) -> ContainerStatus? {
        containerStatuses.last { $0.name == name }
    }
}
