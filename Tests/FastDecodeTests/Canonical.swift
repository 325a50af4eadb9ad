import KubeModel

/// Capacity models with their resource entries in a canonical order, so that whole values can be compared: the
/// fast decoder keeps document order while JSONDecoder's is unspecified, and the engine does not depend on it.
enum Canonical {
    static func pod(_ pod: CapacityPod) -> CapacityPod {
        var pod = pod
        pod.containers = pod.containers.map(container)
        pod.initContainers = pod.initContainers.map(container)
        pod.containerStatuses = pod.containerStatuses.map { status in
            var status = status
            status.requests = status.requests.map(list)
            return status
        }
        pod.overhead = pod.overhead.map(list)
        pod.resources = pod.resources.map(requirements)
        return pod
    }

    static func node(_ node: CapacityNode) -> CapacityNode {
        var node = node
        node.capacity = list(node.capacity)
        node.allocatable = node.allocatable.map(list)
        return node
    }

    private static func container(_ container: CapacityPod.Container) -> CapacityPod.Container {
        var container = container
        container.resources = requirements(container.resources)
        return container
    }

    private static func requirements(_ requirements: ResourceRequirements) -> ResourceRequirements {
        ResourceRequirements(requests: list(requirements.requests), limits: list(requirements.limits))
    }

    private static func list(_ list: ResourceList) -> ResourceList {
        ResourceList(list.entries.sorted { ($0.name, $0.value) < ($1.name, $1.value) })
    }
}
