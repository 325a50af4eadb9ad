import KubeModel

/// A pod's effective requests and limits for every resource it names, computed as the scheduler
/// and `kubectl describe node` do (component-helpers `PodRequests`/`PodLimits`):
///
/// - app containers are summed; an app container's **requests** follow in-place resize (KEP-1287) as kubectl
///   1.32's `podRequests` (k8s.io/kubectl pkg/util/resource) and component-helpers `PodRequests` do: when
///   `status.containerStatuses` has an entry of that name (the last one) whose `resources` is set, its requests
///   replace the spec's if `status.resize` is `Infeasible`, else each resource takes the larger of spec and
///   status, a resource named by only one side keeping that side's value; limits, init containers and sidecars
///   always come from the spec (kubectl's `podLimits` ignores the status);
/// - init containers follow the KEP-753 rule: walking them in order with `S` (the sum of the
///   restartable sidecars seen so far) and `I`, a sidecar adds to the app sum and to `S` and sets
///   `I = max(I, S)`; a regular init container sets `I = max(I, itself + S)`; the result is `max(app, I)`;
/// - pod-level `spec.resources` replaces that aggregate for cpu, memory and hugepages-*;
/// - `spec.overhead` is added to requests, and to a limit only where that limit is set and non-zero;
/// - a container with no limit for a resource adds nothing to that limit.
public struct PodResources: Sendable, Equatable {
    /// Effective requests per resource name.
    public var requests: ResourceVector
    /// Effective limits per resource name; a resource no container limits is absent.
    public var limits: ResourceVector

    /// Figures given directly.
    public init(requests: ResourceVector, limits: ResourceVector) {
        self.requests = requests
        self.limits = limits
    }

    /// Computes the pod's figures; throws an issue naming the pod, field and value when one of its
    /// quantities is malformed (the caller then skips the pod).
    public init(pod: CapacityPod) throws(CapacityIssue) {
        var ignored: [CapacityIssue] = []
        try self.init(pod: pod, warnings: &ignored)
    }

    /// Computes the pod's figures as ``init(pod:)`` does, appending to `warnings` an issue for every negative
    /// quantity met: it is counted as given (kubectl sums it too), but no valid pod has one.
    public init(pod: CapacityPod, warnings: inout [CapacityIssue]) throws(CapacityIssue) {
        var parser = FieldParser(pod: pod)
        var requests = ResourceVector(), limits = ResourceVector()
        for container in pod.containers {
            let specRequests = try parser.parse(container.resources.requests, "spec.containers[\(container.name)].resources.requests")
            requests.add(try Self.appRequests(container.name, spec: specRequests, pod: pod, parser: &parser))
            limits.add(try parser.parse(container.resources.limits, "spec.containers[\(container.name)].resources.limits"))
        }
        var sidecarRequests = ResourceVector(), sidecarLimits = ResourceVector()
        var initRequests = ResourceVector(), initLimits = ResourceVector()
        for container in pod.initContainers {
            let ownRequests = try parser.parse(container.resources.requests, "spec.initContainers[\(container.name)].resources.requests")
            let ownLimits = try parser.parse(container.resources.limits, "spec.initContainers[\(container.name)].resources.limits")
            if container.isRestartableSidecar {
                requests.add(ownRequests)
                limits.add(ownLimits)
                sidecarRequests.add(ownRequests)
                sidecarLimits.add(ownLimits)
                initRequests.raise(to: sidecarRequests)
                initLimits.raise(to: sidecarLimits)
            } else {
                initRequests.raise(to: ownRequests.adding(sidecarRequests))
                initLimits.raise(to: ownLimits.adding(sidecarLimits))
            }
        }
        requests.raise(to: initRequests)
        limits.raise(to: initLimits)

        if let podLevel = pod.resources {
            try Self.replace(&requests, with: parser.parse(podLevel.requests, "spec.resources.requests"))
            try Self.replace(&limits, with: parser.parse(podLevel.limits, "spec.resources.limits"))
        }
        if let overhead = pod.overhead {
            let overhead = try parser.parse(overhead, "spec.overhead")
            requests.add(overhead)
            for entry in overhead.entries where !limits[entry.name].isZero {
                limits[entry.name] += entry.amount
            }
        }
        warnings += parser.warnings
        self.init(requests: requests, limits: limits)
    }

    /// An app container's requests after in-place resize. The spec is parsed even when an infeasible resize
    /// discards it, so a malformed spec quantity is reported either way; the status limits are never read
    /// (kubectl does not use them) and so never reported.
    private static func appRequests(_ name: String, spec: ResourceVector, pod: CapacityPod,
                                    parser: inout FieldParser) throws(CapacityIssue) -> ResourceVector {
        // Most pods of older clusters carry no status resources: skip the name lookup for them.
        guard !pod.containerStatuses.isEmpty, let applied = pod.containerStatus(named: name)?.requests else {
            return spec
        }
        let statusRequests = try parser.parse(applied, "status.containerStatuses[\(name)].resources.requests")
        if pod.isResizeInfeasible { return statusRequests }
        var larger = spec
        larger.raise(to: statusRequests)
        return larger
    }

    private static func replace(_ aggregate: inout ResourceVector, with podLevel: ResourceVector) {
        for entry in podLevel.entries where ResourceName.isPodLevelSupported(entry.name) {
            aggregate[entry.name] = entry.amount
        }
    }

    /// True when the pod holds resources on a node: bound to one and neither Succeeded nor Failed.
    public static func isCounted(_ pod: CapacityPod) -> Bool {
        pod.nodeName != nil && !pod.isTerminal
    }
}

/// Parses one object's resource lists, turning a bad quantity into an issue naming the object and noting
/// negative ones.
struct FieldParser {
    var kind: String
    var namespace: String?
    var name: String
    /// Negative quantities met so far: counted as given, reported as warnings.
    var warnings: [CapacityIssue] = []

    init(pod: CapacityPod) {
        kind = "Pod"
        namespace = pod.namespace
        name = pod.name
    }

    /// `path` is only built when a quantity is bad: building it for every container of every pod
    /// would cost more than the parsing.
    mutating func parse(_ list: ResourceList, _ path: @autoclosure () -> String) throws(CapacityIssue) -> ResourceVector {
        var vector = ResourceVector()
        for entry in list.entries {
            let amount: Quantity
            do {
                amount = try Quantity(parsing: entry.value)
            } catch {
                throw CapacityIssue(kind: kind, namespace: namespace, name: name, field: "\(path()).\(entry.name)",
                                    value: entry.value, message: "\(error); \(kind.lowercased()) skipped")
            }
            if amount.nanos < 0 {
                warnings.append(CapacityIssue.negative(kind: kind, namespace: namespace, name: name,
                                                       field: "\(path()).\(entry.name)", value: entry.value))
            }
            vector[entry.name] = amount
        }
        return vector
    }
}
