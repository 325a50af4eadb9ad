/// The Kubernetes object an alert is about.
public enum AlertObject: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    /// A node, by name.
    case node(String)
    /// A pod, as a share of its node's allocatable.
    case pod(namespace: String, name: String)
    /// The cluster as a whole (the watcher's "cluster unreachable" alert).
    case cluster
    /// One of the watcher's notifiers, by name (its "notifier failing" alert).
    case notifier(String)

    /// `node/NAME`, `pod/NAMESPACE/NAME` or `cluster`: the form used in messages and logs.
    public var description: String {
        switch self {
        case .node(let name): "node/\(name)"
        case .pod(let namespace, let name): "pod/\(namespace)/\(name)"
        case .cluster: "cluster"
        case .notifier(let name): "notifier/\(name)"
        }
    }

    /// The object's name without its kind: `node-a`, `shop/api-7d9`, or empty for the cluster.
    public var name: String {
        switch self {
        case .node(let name): name
        case .pod(let namespace, let name): "\(namespace)/\(name)"
        case .cluster: ""
        case .notifier(let name): name
        }
    }

    public static func < (lhs: AlertObject, rhs: AlertObject) -> Bool {
        (lhs.kindOrder, lhs.name) < (rhs.kindOrder, rhs.name)
    }

    private var kindOrder: Int {
        switch self {
        case .cluster: 0
        case .notifier: 1
        case .node: 2
        case .pod: 3
        }
    }
}
