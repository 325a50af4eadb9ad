/// The verdict of one successful scan: every breach, and for each alert the tracker still has open
/// (the keys passed as `watching`) why it is no longer breached.
///
/// Only breaches and watched keys are reported, so the result stays proportional to what is alerting,
/// not to the size of the cluster.
public struct PolicyEvaluation: Sendable {
    /// Why a watched key is not among the breaches.
    public enum Clearance: Sendable, Hashable {
        /// Measured and at or under its threshold: the current figures.
        case withinThreshold(AlertFigures)
        /// The object is still there but this measure is not compared any more (threshold switched off,
        /// report type, scope, namespace list or policy changed by a reload, or no allocatable to compare
        /// with); the text says which.
        case notChecked(String)
        /// The object was not in this scan (node removed, pod deleted or finished).
        case objectGone
    }

    public var cluster: String
    /// Keys over their threshold, in the order the observations came.
    public var breaches: [Breach]
    /// Clearances of watched keys that did not breach; a watched key missing here is ``Clearance/objectGone``.
    public var clearances: [AlertKey: Clearance]

    public init(cluster: String, breaches: [Breach] = [], clearances: [AlertKey: Clearance] = [:]) {
        self.cluster = cluster
        self.breaches = breaches
        self.clearances = clearances
    }

    /// Why `key` did not breach this scan.
    public func clearance(for key: AlertKey) -> Clearance {
        clearances[key] ?? .objectGone
    }
}
