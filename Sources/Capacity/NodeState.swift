import KubeModel

/// What the aggregator keeps per node: the node's own figures once its object has been seen, and
/// exact running sums of the requests and limits of the pods bound to it (which may arrive first).
struct NodeState: Sendable {
    var name: String
    /// False while only pods have named this node.
    var known = false
    var labels: [String: String] = [:]
    var ready = false
    var unschedulable = false
    var capacity = ResourceVector()
    /// Allocatable, or capacity when the node lists no allocatable (kubectl's fallback).
    var allocatable = ResourceVector()
    var requests = ResourceVector()
    var limits = ResourceVector()
    var podCount = 0

    init(name: String) { self.name = name }

    /// Takes the node's figures; a malformed entry is reported and treated as not advertised, so
    /// the node and the rest of its resources stay in the report.
    mutating func update(from node: CapacityNode, issues: inout [CapacityIssue]) {
        known = true
        labels = node.labels
        ready = node.isReady
        unschedulable = node.unschedulable
        capacity = Self.parse(node.capacity, "status.capacity", node, &issues)
        if let listed = node.allocatable, !listed.isEmpty {
            allocatable = Self.parse(listed, "status.allocatable", node, &issues)
        } else {
            allocatable = capacity
        }
    }

    private static func parse(_ list: ResourceList, _ path: String, _ node: CapacityNode,
                              _ issues: inout [CapacityIssue]) -> ResourceVector {
        var vector = ResourceVector()
        for entry in list.entries {
            do {
                let amount = try Quantity(parsing: entry.value)
                if amount.nanos < 0 {
                    issues.append(.negative(kind: "Node", namespace: nil, name: node.name,
                                            field: "\(path).\(entry.name)", value: entry.value))
                }
                vector[entry.name] = amount
            } catch {
                issues.append(CapacityIssue(kind: "Node", name: node.name, field: "\(path).\(entry.name)",
                                            value: entry.value, message: "\(error); resource treated as not advertised"))
            }
        }
        return vector
    }

    mutating func add(_ pod: PodResources) {
        requests.add(pod.requests)
        limits.add(pod.limits)
        podCount += 1
    }

    /// The node's amounts by label, for ``CapacityAggregator``'s range check.
    var figureVectors: [(String, ResourceVector)] {
        [("capacity", capacity), ("allocatable", allocatable), ("requests", requests), ("limits", limits)]
    }

    func figures(_ resource: String) -> ResourceFigures {
        ResourceFigures(capacity: ResourceName.figure(resource, capacity[resource]),
                        allocatable: ResourceName.figure(resource, allocatable[resource]),
                        requests: ResourceName.figure(resource, requests[resource]),
                        limits: ResourceName.figure(resource, limits[resource]))
    }

    /// Names other than cpu, memory and pods that the node advertises or its pods use.
    var extendedResourceNames: [String] {
        let all = Set(capacity.names + allocatable.names + requests.names + limits.names)
        return all.subtracting([ResourceName.cpu, ResourceName.memory, ResourceName.pods]).sorted()
    }

    func capacityRow() -> NodeCapacity {
        NodeCapacity(name: name, labels: labels, ready: ready, unschedulable: unschedulable,
                     cpu: figures(ResourceName.cpu), memory: figures(ResourceName.memory),
                     pods: PodCountFigures(count: podCount, allocatable: allocatable[ResourceName.pods].value),
                     extended: extendedResourceNames.map { NamedResourceFigures(name: $0, figures: figures($0)) })
    }
}
