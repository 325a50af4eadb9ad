import Capacity

/// Compares one scan's observations with the thresholds of the policy that governs each object.
///
/// For every node and pod that ``AlertRules`` keeps (`scope`, and for pods the `namespace` list), and for
/// every measure `report_type` keeps, the governing policy's threshold is looked up; a switched-off
/// threshold is skipped. A figure breaches when it is strictly more than the threshold's share of the node's
/// allocatable, decided exactly on integers (``Threshold/isExceeded(by:of:)``); an unknown or zero
/// allocatable never breaches.
///
/// Which policy governs an object (most specific wins; ties go to the policy written first):
/// - a **pod**: a policy naming its namespace *and* a node selector matching its node, then a policy naming
///   its namespace only, then a policy with a node selector matching its node only, then `default`;
/// - a **node**: the first policy with a node selector matching it and no namespaces (a policy that names
///   namespaces is about those namespaces' pods, so it never governs a node), then `default`;
/// - neither, with `default` left out of `policies`: the object is not checked.
///
/// Pure: values in, values out.
public struct PolicyEvaluator: Sendable {
    /// The cluster name put into every alert key.
    public var cluster: String
    public var rules: AlertRules

    public init(cluster: String, rules: AlertRules) {
        self.cluster = cluster
        self.rules = rules
    }

    /// The thresholds in force for one object, and the policy they come from.
    public struct Governance: Sendable {
        /// The `[policy NAME]`; nil for the `[general]` thresholds.
        public var policy: String?
        public var thresholds: Thresholds
    }

    /// Evaluates one scan.
    ///
    /// - Parameters:
    ///   - observations: every node and pod of the scan, in any order.
    ///   - watching: the keys with an open alert (``AlertTracker/openKeys``), so the result can say why each
    ///     one that no longer breaches cleared.
    public func evaluate<Observations: Sequence<CapacityObservation>>(
        _ observations: Observations, watching: Set<AlertKey> = []
    ) -> PolicyEvaluation {
        let watchedObjects = Set(watching.lazy.filter { $0.cluster == cluster }.map(\.object))
        let measures = Set(rules.measures)
        var evaluation = PolicyEvaluation(cluster: cluster)
        for observation in observations {
            let isWatchedObject = watchedObjects.contains(observation.object)
            let governance = governance(of: observation)
            for measure in Measure.capacityMeasures {
                let key = isWatchedObject ? AlertKey(cluster: cluster, object: observation.object, measure: measure) : nil
                let explain = key.map(watching.contains) ?? false
                switch judge(observation, measure, governance, measures: measures, explain: explain) {
                case .breach(let breach): evaluation.breaches.append(breach)
                case .clear(let clearance?): if let key { evaluation.clearances[key] = clearance }
                case .clear(nil): break
                }
            }
        }
        explainUnobserved(watching, in: &evaluation)
        return evaluation
    }

    /// A watched object missing from the scan may only be left out of the report (scope or namespace
    /// changed by a reload); say so rather than calling it gone.
    private func explainUnobserved(_ watching: Set<AlertKey>, in evaluation: inout PolicyEvaluation) {
        for key in watching where key.cluster == cluster && evaluation.clearances[key] == nil {
            // An excluded object never breaches, so it cannot be among this scan's breaches.
            if let excluded = exclusion(of: key.object) {
                evaluation.clearances[key] = .notChecked(excluded.reason)
            }
        }
    }

    /// The policy whose thresholds apply to the object observed, or why it is not checked at all.
    public func governance(of observation: CapacityObservation) -> Result<Governance, NotChecked> {
        if let excluded = exclusion(of: observation.object) { return .failure(excluded) }
        switch observation.object {
        case .node:
            if let policy = rules.policies.first(where: { $0.covers(nodeLabelled: observation.nodeLabels) }) {
                return .success(Governance(policy: policy.name, thresholds: policy.thresholds))
            }
        case .pod(let namespace, _):
            if let policy = mostSpecificPolicy(forPodIn: namespace, nodeLabels: observation.nodeLabels) {
                return .success(Governance(policy: policy.name, thresholds: policy.thresholds))
            }
        case .cluster, .notifier:
            break
        }
        guard let thresholds = rules.defaultThresholds else {
            return .failure(NotChecked("no policy covers it and the default policy is not in effect"))
        }
        return .success(Governance(policy: nil, thresholds: thresholds))
    }

    /// Why an object or measure is not compared with any threshold, in words for the resolved message.
    public struct NotChecked: Error, Sendable, Hashable {
        public var reason: String
        public init(_ reason: String) { self.reason = reason }
    }

    /// Why `scope` or the namespace list leaves `object` out, whatever its figures; nil when it is in.
    public func exclusion(of object: AlertObject) -> NotChecked? {
        switch object {
        case .node:
            rules.scope.includesNodes ? nil : NotChecked("nodes are not checked (scope = \(rules.scope.rawValue))")
        case .pod where !rules.scope.includesPods:
            NotChecked("pods are not checked (scope = \(rules.scope.rawValue))")
        case .pod(let namespace, _):
            rules.namespaces.isEmpty || rules.namespaces.contains(namespace)
                ? nil : NotChecked("namespace \(namespace) is not among the watched namespaces")
        case .cluster:
            NotChecked("the cluster itself has no capacity figures")
        case .notifier:
            NotChecked("a notifier has no capacity figures")
        }
    }

    private func mostSpecificPolicy(forPodIn namespace: String, nodeLabels: [String: String]) -> AlertPolicy? {
        var best: AlertPolicy?
        for policy in rules.policies where policy.covers(podIn: namespace, nodeLabels: nodeLabels) {
            // Strictly greater keeps the first written among equally specific policies.
            if policy.podSpecificity > (best?.podSpecificity ?? -1) { best = policy }
        }
        return best
    }

    private enum Judgement {
        case breach(Breach)
        /// Nil unless asked for: only watched keys need their clearance spelled out.
        case clear(PolicyEvaluation.Clearance?)
    }

    private func judge(_ observation: CapacityObservation, _ measure: Measure,
                       _ decision: Result<Governance, NotChecked>, measures: Set<Measure>,
                       explain: Bool) -> Judgement {
        let governance: Governance
        switch decision {
        case .success(let found): governance = found
        case .failure(let notChecked): return .clear(explain ? .notChecked(notChecked.reason) : nil)
        }
        guard measures.contains(measure) else {
            let reason = "\(measure.rawValue) is not checked (report_type = \(rules.reportType.rawValue))"
            return .clear(explain ? .notChecked(reason) : nil)
        }
        guard let threshold = governance.thresholds[measure] else {
            let reason = "the \(measure.rawValue) threshold is switched off\(Self.policySuffix(governance.policy))"
            return .clear(explain ? .notChecked(reason) : nil)
        }
        guard let (value, allocatable) = observation.figures(for: measure), let resource = measure.resource,
              let allocatable, allocatable > 0 else {
            let reason = "no allocatable \(measure.resource?.rawValue ?? "amount") to compare with"
            return .clear(explain ? .notChecked(reason) : nil)
        }
        let exceeded = threshold.isExceeded(by: value, of: allocatable)
        guard exceeded || explain else { return .clear(nil) }
        let figures = AlertFigures(value: value, allocatable: allocatable,
                                   percent: Double(value) / Double(allocatable) * 100,
                                   threshold: threshold.percent, resource: resource)
        guard exceeded else { return .clear(.withinThreshold(figures)) }
        let key = AlertKey(cluster: cluster, object: observation.object, measure: measure)
        return .breach(Breach(key: key, figures: figures, policy: governance.policy))
    }

    private static func policySuffix(_ policy: String?) -> String {
        policy.map { " (policy \($0))" } ?? ""
    }
}
