import Capacity
import KubeModel

/// A `[policy NAME]` section: other thresholds for some namespaces and/or the nodes a label selector picks.
///
/// Thresholds are complete: whatever the section did not set has already been inherited from
/// `[general]` by the configuration layer. Which policy wins for an object is decided by
/// ``PolicyEvaluator``.
public struct AlertPolicy: Sendable {
    /// The section name, reported with the alerts it decides.
    public var name: String
    /// The pods' namespaces it applies to; empty means it does not narrow by namespace.
    public var namespaces: Set<String>
    /// The nodes it applies to (and the pods on them); nil means it does not narrow by node.
    public var nodeSelector: LabelSelector?
    public var thresholds: Thresholds

    public init(name: String, namespaces: Set<String> = [], nodeSelector: LabelSelector? = nil,
                thresholds: Thresholds) {
        self.name = name
        self.namespaces = namespaces
        self.nodeSelector = nodeSelector.flatMap { $0.isEmpty ? nil : $0 }
        self.thresholds = thresholds
    }

    /// How specific the policy is for a pod: namespace and selector (3) over namespace (2) over selector (1).
    var podSpecificity: Int {
        (namespaces.isEmpty ? 0 : 2) + (nodeSelector == nil ? 0 : 1)
    }

    /// Whether the policy speaks about nodes at all: only policies that name a node selector and no
    /// namespaces do, since a namespace-scoped policy is about the pods of those namespaces.
    var appliesToNodes: Bool { namespaces.isEmpty && nodeSelector != nil }

    /// Whether the policy covers a pod in `namespace` on a node labelled `nodeLabels`.
    func covers(podIn namespace: String, nodeLabels: [String: String]) -> Bool {
        guard namespaces.isEmpty || namespaces.contains(namespace) else { return false }
        return nodeSelector?.matches(nodeLabels) ?? true
    }

    /// Whether the policy covers a node labelled `labels`.
    func covers(nodeLabelled labels: [String: String]) -> Bool {
        appliesToNodes && (nodeSelector?.matches(labels) ?? false)
    }
}
