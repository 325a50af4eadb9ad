import Foundation

/// A small hand-made cluster for the end-to-end runs of the built binary, served by `TestAPIServer`.
///
/// Every node has 4 CPUs and 16Gi allocatable; each pod has one container whose limits equal its requests.
/// The states differ in their node or pod count, so a scan's summary line (`scan ok: 3 nodes, 4 pods …`)
/// tells which state that scan saw.
struct E2ECluster: Sendable {
    struct Node: Sendable {
        var name: String
        var cpu = "4"
        var memory = "16Gi"
    }

    struct Pod: Sendable {
        var namespace: String
        var name: String
        var node: String
        var cpu: String
        var memory = "256Mi"
    }

    var nodes: [Node]
    var pods: [Pod]

    /// Every node well under 80 % of its CPU: node-a 500m (12.50 %), node-b 1 CPU, node-c 250m. 3 nodes, 3 pods.
    static let calm = E2ECluster(
        nodes: [Node(name: "node-a"), Node(name: "node-b"), Node(name: "node-c")],
        pods: [Pod(namespace: "shop", name: "api", node: "node-a", cpu: "500m"),
               Pod(namespace: "shop", name: "db", node: "node-b", cpu: "1"),
               Pod(namespace: "ops", name: "monitor", node: "node-c", cpu: "250m")])

    /// ``calm`` plus a 3100m batch pod on node-a: node-a requests 3600m of 4000m (90.00 %). 3 nodes, 4 pods.
    static let breach: E2ECluster = {
        var cluster = calm
        cluster.pods.append(Pod(namespace: "shop", name: "batch", node: "node-a", cpu: "3100m"))
        return cluster
    }()

    /// ``breach`` with node-a and its pods gone (drained and deleted). 2 nodes, 2 pods.
    static let nodeADeleted: E2ECluster = {
        var cluster = breach
        cluster.nodes.removeAll { $0.name == "node-a" }
        cluster.pods.removeAll { $0.node == "node-a" }
        return cluster
    }()

    /// What a scan's summary line says about this state: `3 nodes, 4 pods`.
    var summaryCounts: String { "\(nodes.count) nodes, \(pods.count) pods" }

    /// The cluster as a Kubernetes `List`, as `kubectl get nodes,pods -A -o json` writes it.
    var json: Data {
        var items: [[String: Any]] = nodes.map { node in
            let resources = ["cpu": node.cpu, "memory": node.memory, "pods": "110"]
            return [
                "apiVersion": "v1", "kind": "Node",
                "metadata": ["name": node.name, "uid": "uid-\(node.name)",
                             "labels": ["kubernetes.io/hostname": node.name, "kubernetes.io/os": "linux"]],
                "spec": [:] as [String: Any],
                "status": ["capacity": resources, "allocatable": resources,
                           "conditions": [["type": "Ready", "status": "True"]]],
            ]
        }
        items += pods.map { pod in
            let resources = ["cpu": pod.cpu, "memory": pod.memory]
            return [
                "apiVersion": "v1", "kind": "Pod",
                "metadata": ["name": pod.name, "namespace": pod.namespace, "uid": "uid-\(pod.namespace)-\(pod.name)"],
                "spec": ["nodeName": pod.node, "restartPolicy": "Always",
                         "containers": [["name": "main", "image": "registry.example.test/\(pod.name):1",
                                         "resources": ["requests": resources, "limits": resources]]]],
                "status": ["phase": "Running"],
            ]
        }
        let list: [String: Any] = ["apiVersion": "v1", "kind": "List", "metadata": ["resourceVersion": ""], "items": items]
        // Only literals above: serialization cannot fail.
        return (try? JSONSerialization.data(withJSONObject: list, options: [.sortedKeys])) ?? Data()
    }
}
