import KubeModel

/// The fields of a pod the capacity engine reads, with resource entries in a canonical order: the fast decoder
/// keeps document order while JSONDecoder's is unspecified, and the engine does not depend on it.
struct CapacityFields: Equatable, CustomStringConvertible {
    struct ContainerFields: Equatable {
        var name: String
        var restartPolicy: String?
        var requests: [ResourceList.Entry]
        var limits: [ResourceList.Entry]
    }

    /// A container status; `requests`/`limits` nil when its `resources` was absent or null.
    struct StatusFields: Equatable {
        var name: String
        var requests: [ResourceList.Entry]?
        var limits: [ResourceList.Entry]?
    }

    var name: String
    var namespace: String?
    var uid: String?
    var nodeName: String?
    var phase: String?
    var resize: String?
    var containerStatuses: [StatusFields]
    var containers: [ContainerFields]
    var initContainers: [ContainerFields]
    var overhead: [ResourceList.Entry]?
    var podRequests: [ResourceList.Entry]?
    var podLimits: [ResourceList.Entry]?

    init(_ pod: Pod) {
        name = pod.metadata.name
        namespace = pod.metadata.namespace
        uid = pod.metadata.uid
        nodeName = pod.spec.nodeName
        phase = pod.status.phase
        resize = pod.status.resize
        containerStatuses = pod.status.containerStatuses.map {
            StatusFields(name: $0.name, requests: $0.resources.map { Self.sorted($0.requests) },
                         limits: $0.resources.map { Self.sorted($0.limits) })
        }
        containers = pod.spec.containers.map(Self.fields)
        initContainers = pod.spec.initContainers.map(Self.fields)
        overhead = pod.spec.overhead.map(Self.sorted)
        podRequests = pod.spec.resources.map { Self.sorted($0.requests) }
        podLimits = pod.spec.resources.map { Self.sorted($0.limits) }
    }

    private static func fields(_ container: Container) -> ContainerFields {
        ContainerFields(name: container.name, restartPolicy: container.restartPolicy,
                        requests: sorted(container.resources.requests), limits: sorted(container.resources.limits))
    }

    private static func sorted(_ list: ResourceList) -> [ResourceList.Entry] {
        list.entries.sorted { ($0.name, $0.value) < ($1.name, $1.value) }
    }

    var description: String { "\(namespace ?? "-")/\(name)" }
}
