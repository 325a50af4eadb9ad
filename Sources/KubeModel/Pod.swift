/// A Kubernetes Pod: the unit whose requests and limits are summed per node, and the centre of
/// the volume graph.
public struct Pod: Decodable, Sendable, Equatable {
    /// The API's `metadata`.
    public var metadata: ObjectMeta
    /// The API's `spec`.
    public var spec: PodSpec
    /// The API's `status`.
    public var status: PodStatus

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(metadata: ObjectMeta, spec: PodSpec = PodSpec(), status: PodStatus = PodStatus()) {
        self.metadata = metadata
        self.spec = spec
        self.status = status
    }

    private enum CodingKeys: String, CodingKey { case metadata, spec, status }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        metadata = try c.decode(.metadata, default: ObjectMeta(name: ""))
        spec = try c.decode(.spec, default: PodSpec())
        status = try c.decode(.status, default: PodStatus())
    }
}

/// `Pod.spec`: placement, containers, overhead, pod-level resources and volumes.
public struct PodSpec: Decodable, Sendable, Equatable {
    /// The node the pod is bound to; nil while unscheduled.
    public var nodeName: String?
    /// The API's `spec.containers`.
    public var containers: [Container]
    /// In declaration order: the KEP-753 sidecar rule depends on it.
    public var initContainers: [Container]
    /// `spec.overhead` (RuntimeClass pod overhead).
    public var overhead: ResourceList?
    /// Pod-level `spec.resources` (PodLevelResources feature); nil when absent.
    public var resources: ResourceRequirements?
    /// The API's `spec.volumes`.
    public var volumes: [Volume]
    /// The API's `spec.serviceAccountName`.
    public var serviceAccountName: String?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(nodeName: String? = nil, containers: [Container] = [], initContainers: [Container] = [],
                overhead: ResourceList? = nil, resources: ResourceRequirements? = nil, volumes: [Volume] = [],
                serviceAccountName: String? = nil) {
        self.nodeName = nodeName
        self.containers = containers
        self.initContainers = initContainers
        self.overhead = overhead
        self.resources = resources
        self.volumes = volumes
        self.serviceAccountName = serviceAccountName
    }

    private enum CodingKeys: String, CodingKey {
        case nodeName, containers, initContainers, overhead, resources, volumes, serviceAccountName
    }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        nodeName = try c.decodeIfPresent(String.self, forKey: .nodeName).flatMap { $0.isEmpty ? nil : $0 }
        containers = try c.decode(.containers, default: [])
        initContainers = try c.decode(.initContainers, default: [])
        overhead = try c.decodeIfPresent(ResourceList.self, forKey: .overhead)
        resources = try c.decodeIfPresent(ResourceRequirements.self, forKey: .resources)
        volumes = try c.decode(.volumes, default: [])
        serviceAccountName = try c.decodeIfPresent(String.self, forKey: .serviceAccountName)
    }
}

/// `Pod.status`: the phase, and the in-place resize state kubectl reads for app containers' requests.
public struct PodStatus: Decodable, Sendable, Equatable {
    /// `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`; nil when not yet reported.
    public var phase: String?
    /// `status.resize` (`Proposed`, `InProgress`, `Deferred`, `Infeasible`); nil when no resize is pending.
    public var resize: String?
    /// `status.containerStatuses`, in document order (kubectl keeps the last of two equal names).
    public var containerStatuses: [ContainerStatus]

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(phase: String? = nil, resize: String? = nil, containerStatuses: [ContainerStatus] = []) {
        self.phase = phase
        self.resize = resize
        self.containerStatuses = containerStatuses
    }

    private enum CodingKeys: String, CodingKey { case phase, resize, containerStatuses }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        phase = try c.decodeIfPresent(String.self, forKey: .phase)
        resize = try c.decodeIfPresent(String.self, forKey: .resize)
        containerStatuses = try c.decode(.containerStatuses, default: [])
    }

    /// Succeeded and Failed pods hold no resources on their node.
    public var isTerminal: Bool { phase == "Succeeded" || phase == "Failed" }

    /// kubectl's `PodResizeStatusInfeasible`: the node will never apply the spec, so the status alone counts.
    public var isResizeInfeasible: Bool { resize == "Infeasible" }

    /// The status kubectl pairs with the app container `name`: the last entry of that name, as its
    /// name-keyed map keeps.
    public func containerStatus(named name: String) -> ContainerStatus? {
        containerStatuses.last { $0.name == name }
    }
}

/// `requests` and `limits` of a container or of a whole pod.
public struct ResourceRequirements: Decodable, Sendable, Equatable {
    /// The API's `resources.requests`.
    public var requests: ResourceList
    /// The API's `resources.limits`.
    public var limits: ResourceList

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(requests: ResourceList = [:], limits: ResourceList = [:]) {
        self.requests = requests
        self.limits = limits
    }

    private enum CodingKeys: String, CodingKey { case requests, limits }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        requests = try c.decode(.requests, default: [:])
        limits = try c.decode(.limits, default: [:])
    }
}
