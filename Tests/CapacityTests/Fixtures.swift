import KubeModel
@testable import Capacity

/// Small builders so each test reads as the pod spec it describes.
enum Fixture {
    static func container(_ name: String = "app", requests: ResourceList = [:], limits: ResourceList = [:],
                          restartPolicy: String? = nil) -> CapacityPod.Container {
        CapacityPod.Container(name: name, restartPolicy: restartPolicy,
                              resources: ResourceRequirements(requests: requests, limits: limits))
    }

    static func sidecar(_ name: String, requests: ResourceList = [:], limits: ResourceList = [:]) -> CapacityPod.Container {
        container(name, requests: requests, limits: limits, restartPolicy: "Always")
    }

    static func pod(_ name: String = "p", namespace: String = "default", node: String? = "node-a",
                    phase: String? = "Running", containers: [CapacityPod.Container] = [],
                    initContainers: [CapacityPod.Container] = [], overhead: ResourceList? = nil,
                    podLevel: ResourceRequirements? = nil, resize: String? = nil,
                    statuses: [CapacityPod.ContainerStatus] = []) -> CapacityPod {
        CapacityPod(name: name, namespace: namespace, nodeName: node, phase: phase, resize: resize,
                    containers: containers, initContainers: initContainers, containerStatuses: statuses,
                    overhead: overhead, resources: podLevel)
    }

    /// A `status.containerStatuses` entry whose `resources` is set (even when its requests are empty).
    static func status(_ name: String = "app", requests: ResourceList = [:]) -> CapacityPod.ContainerStatus {
        CapacityPod.ContainerStatus(name: name, requests: requests)
    }

    static func node(_ name: String, capacity: ResourceList = [:], allocatable: ResourceList? = nil,
                     labels: [String: String] = [:]) -> CapacityNode {
        CapacityNode(name: name, labels: labels, isReady: true, capacity: capacity, allocatable: allocatable)
    }

    static func q(_ text: String) -> Quantity { Quantity.parse(text)! }
}
