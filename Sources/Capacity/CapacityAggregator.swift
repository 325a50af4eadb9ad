import Foundation
import KubeModel

/// Streaming capacity aggregation: feed node and pod pages in any order as they arrive from
/// the API (pods may come before their nodes), then ask for the report.
///
/// Memory stays proportional to the number of nodes (plus a few integers per pod when the scope
/// includes pods): pods themselves are not kept.
///
/// Its input is the scan's narrow models, `CapacityNode` and `CapacityPod`, which the decoders produce directly.
///
/// Decisions:
/// - a pod with a malformed quantity is reported as a ``CapacityIssue`` and skipped entirely; a malformed field
///   the scan does not read (a label, a volume) is not even decoded, so the pod counts;
/// - a namespace filter narrows the pod rows only: node sums, pod counts and totals count every pod
///   (a node's allocatable is shared by all its pods, and `run` alerts on whole nodes), and a
///   requested namespace without any counted pod is named in ``CapacityReport/namespacesWithoutPods``;
/// - a negative quantity is counted as given (as kubectl sums it) and reported;
/// - a node or total figure beyond the 64-bit range is shown clamped and reported with its exact value;
/// - pods bound to a node that never appears in the node list are left out of every figure and
///   reported once per such node (their share of allocatable is unknowable);
/// - a malformed node capacity/allocatable entry is reported and that resource counts as not advertised.
public struct CapacityAggregator: Sendable {
    /// What this aggregator counts and how its report is shaped.
    public let options: CapacityOptions
    private var nodes: [NodeState] = []
    private var nodeIndex: [String: Int] = [:]
    /// Pod rows with their node's index (allocatable joined at the end: pods may come before their node).
    private var podRows = PodRowStore()
    /// Problems found so far, in the order met.
    public private(set) var issues: [CapacityIssue] = []
    /// Pods counted into node sums so far.
    public private(set) var countedPods = 0
    /// The namespaces of the counted pods met so far, selected or not: a report narrowed later to other
    /// namespaces (``CapacitySnapshot``) must still tell which of them have no pods.
    private var namespacesSeen: Set<String> = []

    /// An empty aggregation with the given options.
    public init(options: CapacityOptions = CapacityOptions()) {
        self.options = options
    }

    /// Adds one node (a later copy of the same node replaces the earlier figures).
    public mutating func add(_ node: CapacityNode) {
        let index = stateIndex(node.name)
        nodes[index].update(from: node, issues: &issues)
    }

    /// Adds one pod: ignored unless bound and not Succeeded/Failed; reported and skipped when one of
    /// its quantities is malformed. It gets a pod row only when the scope includes pods and its
    /// namespace is selected.
    public mutating func add(_ pod: CapacityPod) {
        guard PodResources.isCounted(pod), let nodeName = pod.nodeName else { return }
        let selected = options.includes(namespace: pod.namespace)
        namespacesSeen.insert(pod.namespace ?? "")
        let resources: PodResources
        do {
            resources = try PodResources(pod: pod, warnings: &issues)
        } catch {
            issues.append(error)
            return
        }
        let index = stateIndex(nodeName)
        nodes[index].add(resources)
        countedPods += 1
        if selected, options.scope.includesPods {
            podRows.append(namespace: pod.namespace ?? "", name: pod.name, node: index,
                           cpu: (resources.requests[ResourceName.cpu].milliValue,
                                 resources.limits[ResourceName.cpu].milliValue),
                           memory: (resources.requests[ResourceName.memory].value,
                                    resources.limits[ResourceName.memory].value))
        }
    }

    /// Adds nodes in order, as one node at a time.
    public mutating func add(nodes: some Sequence<CapacityNode>) {
        for node in nodes { add(node) }
    }

    /// Adds pods in order, as one pod at a time.
    public mutating func add(pods: some Sequence<CapacityPod>) {
        for pod in pods { add(pod) }
    }

    /// Adds a page of a node LIST, reporting the items the decoder rejected.
    public mutating func add(nodePage page: KubeList<CapacityNode>) {
        add(nodes: page.items)
        record(rejected: page.rejected, defaultKind: "Node")
    }

    /// Adds a page of a pod LIST, reporting the items the decoder rejected.
    public mutating func add(podPage page: KubeList<CapacityPod>) {
        add(pods: page.items)
        record(rejected: page.rejected, defaultKind: "Pod")
    }

    /// Reports items that could not be decoded at all.
    public mutating func record(rejected: [RejectedItem], defaultKind: String) {
        for item in rejected {
            issues.append(CapacityIssue(kind: item.kind ?? defaultKind, namespace: item.namespace,
                                        name: item.name ?? "item #\(item.index)",
                                        message: "could not be decoded (\(item.reason)); skipped"))
        }
    }

    private mutating func stateIndex(_ name: String) -> Int {
        if let index = nodeIndex[name] { return index }
        nodes.append(NodeState(name: name))
        nodeIndex[name] = nodes.count - 1
        return nodes.count - 1
    }

    /// The report of everything added so far. `generatedAt` is passed in so the core never reads a clock.
    public func report(cluster: String, generatedAt: Date) -> CapacityReport {
        report(cluster: cluster, generatedAt: generatedAt, options: options)
    }

    /// The report of everything added so far, shaped by `options` instead of ``options``: the node selector,
    /// scope, namespaces, report type and sort may differ, as long as they narrow what was aggregated (pod rows
    /// of namespaces or a scope this aggregator did not keep cannot be made up). The aggregator is unchanged
    /// and its pod rows are shared with the report, not copied.
    public func report(cluster: String, generatedAt: Date, options: CapacityOptions) -> CapacityReport {
        var copy = self
        return copy.finish(cluster: cluster, generatedAt: generatedAt, options: options)
    }

    /// The report, handing the pod rows over instead of copying them: the aggregator keeps no pod rows afterwards.
    public mutating func finish(cluster: String, generatedAt: Date) -> CapacityReport {
        finish(cluster: cluster, generatedAt: generatedAt, options: options)
    }

    private mutating func finish(cluster: String, generatedAt: Date, options: CapacityOptions) -> CapacityReport {
        var reportIssues = issues
        var included = [Bool](repeating: false, count: nodes.count)
        var rows: [NodeCapacity] = []
        var totals = TotalsAccumulator()
        for (index, state) in nodes.enumerated() {
            guard state.known else {
                reportIssues.append(CapacityIssue(kind: "Node", name: state.name, message:
                    "\(state.podCount) pod(s) are bound to this node but it is not in the node list; they are not counted"))
                continue
            }
            guard options.nodeSelector.matches(state.labels) else { continue }
            included[index] = true
            rows.append(state.capacityRow())
            totals.add(state)
            reportIssues += Self.clampedFigures(state.figureVectors, kind: "Node", name: state.name)
        }
        reportIssues += Self.clampedFigures(totals.figureVectors, kind: "Cluster", name: cluster, prefix: "totals.")
        let pods = options.scope.includesPods ? takePodCapacities(included: included, options: options) : nil
        var report = CapacityReport(cluster: cluster, generatedAt: generatedAt, scope: options.scope,
                                    reportType: options.reportType, nodes: CapacitySorter(key: options.sort).sorted(rows),
                                    pods: pods, totals: totals.totals, issues: reportIssues)
        report.namespacesWithoutPods = options.namespaces.subtracting(namespacesSeen).sorted()
        return report
    }

    /// Issues for the figures of `vectors` (`(label, amounts)`) that an `Int64` cannot show: the outputs
    /// print them clamped, so the exact amount is given here rather than lost without a word.
    private static func clampedFigures(_ vectors: [(String, ResourceVector)], kind: String, name: String,
                                       prefix: String = "") -> [CapacityIssue] {
        var found: [CapacityIssue] = []
        for (label, vector) in vectors {
            for entry in vector.entries where ResourceName.isBeyondFigureRange(entry.name, entry.amount) {
                let isCPU = entry.name == ResourceName.cpu
                // The exact figure in the outputs' unit, rounded away from zero as they round.
                let divisor: Int128 = isCPU ? 1_000_000 : 1_000_000_000
                let nanos = entry.amount.nanos
                let exact = nanos / divisor + (nanos % divisor == 0 ? 0 : nanos > 0 ? 1 : -1)
                found.append(CapacityIssue(kind: kind, name: name, field: "\(prefix)\(label).\(entry.name)", message:
                    "the sum is \(exact)\(isCPU ? " millicores" : ""), beyond the 64-bit range of the outputs; "
                    + "shown as \(ResourceName.figure(entry.name, entry.amount))"))
            }
        }
        return found
    }

    /// Moves the pod rows out, joined with their node's allocatable, without the rows of excluded nodes and of
    /// namespaces `options` does not select.
    private mutating func takePodCapacities(included: [Bool], options: CapacityOptions) -> PodCapacityRows {
        let store = podRows
        podRows = PodRowStore()
        let columns = nodes.map { node in
            PodCapacityRows.NodeColumn(name: node.name,
                                       cpuAllocatable: ResourceName.figure(ResourceName.cpu, node.allocatable[ResourceName.cpu]),
                                       memoryAllocatable: ResourceName.figure(ResourceName.memory,
                                                                              node.allocatable[ResourceName.memory]))
        }
        return PodCapacityRows(store: store, nodes: columns, included: included, namespaces: options.namespaces,
                               sort: options.sort)
    }
}

/// Exact cluster sums, rounded only once at the end (as summing Quantities and then calling
/// `MilliValue()` would).
struct TotalsAccumulator {
    var capacity = ResourceVector(), allocatable = ResourceVector()
    var requests = ResourceVector(), limits = ResourceVector()
    var podCount = 0

    mutating func add(_ state: NodeState) {
        for name in [ResourceName.cpu, ResourceName.memory, ResourceName.pods] {
            capacity[name] += state.capacity[name]
            allocatable[name] += state.allocatable[name]
            requests[name] += state.requests[name]
            limits[name] += state.limits[name]
        }
        podCount += state.podCount
    }

    /// The sums by label, for ``CapacityAggregator``'s range check.
    var figureVectors: [(String, ResourceVector)] {
        [("capacity", capacity), ("allocatable", allocatable), ("requests", requests), ("limits", limits)]
    }

    private func figures(_ name: String) -> ResourceFigures {
        ResourceFigures(capacity: ResourceName.figure(name, capacity[name]),
                        allocatable: ResourceName.figure(name, allocatable[name]),
                        requests: ResourceName.figure(name, requests[name]),
                        limits: ResourceName.figure(name, limits[name]))
    }

    var totals: CapacityTotals {
        CapacityTotals(cpu: figures(ResourceName.cpu), memory: figures(ResourceName.memory),
                       pods: PodCountFigures(count: podCount, allocatable: allocatable[ResourceName.pods].value))
    }
}
