/// The identity of an alert across scans: (cluster, object, measure), as DESIGN.md 4.5 defines it.
public struct AlertKey: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    /// The cluster name from the configuration (or kubeconfig context).
    public var cluster: String
    public var object: AlertObject
    public var measure: Measure

    public init(cluster: String, object: AlertObject, measure: Measure) {
        self.cluster = cluster
        self.object = object
        self.measure = measure
    }

    /// The watcher's own "cluster unreachable" alert for `cluster`.
    public static func clusterUnreachable(_ cluster: String) -> AlertKey {
        AlertKey(cluster: cluster, object: .cluster, measure: .clusterUnreachable)
    }

    /// `CLUSTER node/NAME MEASURE`: readable and unique, usable as a dictionary key in JSON state.
    public var description: String { "\(cluster) \(object) \(measure.rawValue)" }

    public static func < (lhs: AlertKey, rhs: AlertKey) -> Bool {
        if lhs.cluster != rhs.cluster { return lhs.cluster < rhs.cluster }
        if lhs.object != rhs.object { return lhs.object < rhs.object }
        return lhs.measure < rhs.measure
    }
}
