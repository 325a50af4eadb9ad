import KubeModel
@testable import Capacity

/// Small builders so each test reads as the pod spec it describes.
enum Fixture {
    static func container(_ name: String = "app", requests: ResourceList = [:], limits: ResourceList = [:],
                          restartPolicy: String? = nil) -> Container {
        Container(name: name, resources: ResourceRequirements(requests: requests, limits: limits), restartPolicy: restartPolicy)
    }

    static func sidecar(_ name: String, requests: ResourceList = [:], limits: ResourceList = [:]) -> Container {
        container(name, requests: requests, limits: limits, restartPolicy: "Always")
    }

    static func pod(_ name: String = "p", namespace: String = "default", node: String? = "node-a",
                    phase: String? = "Running", containers: [Container] = [], initContainers: [Container] = [],
                    overhead: ResourceList? = nil, podLevel: ResourceRequirements? = nil,
                    resize: String? = nil, statuses: [ContainerStatus] = []) -> Pod {
        Pod(metadata: ObjectMeta(name: name, namespace: namespace),
            spec: PodSpec(nodeName: node, containers: containers, initContainers: initContainers,
                          overhead: overhead, resources: podLevel),
            status: PodStatus(phase: phase, resize: resize, containerStatuses: statuses))
    }

    /// A `status.containerStatuses` entry whose `resources` is set (even when both lists are empty).
    static func status(_ name: String = "app", requests: ResourceList = [:], limits: ResourceList = [:]) -> ContainerStatus {
        ContainerStatus(name: name, resources: ResourceRequirements(requests: requests, limits: limits))
    }

    static func node(_ name: String, capacity: ResourceList = [:], allocatable: ResourceList? = nil,
                     labels: [String: String] = [:]) -> Node {
        Node(metadata: ObjectMeta(name: name, labels: labels),
             status: NodeStatus(capacity: capacity, allocatable: allocatable,
                                conditions: [NodeCondition(type: "Ready", status: "True")]))
    }

    static func q(_ text: String) -> Quantity { Quantity.parse(text)! }
}
