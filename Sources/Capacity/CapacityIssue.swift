/// Something in the cluster data the capacity scan could not use, naming the object and field
/// so an operator can fix it: a malformed quantity (the pod is skipped), a pod bound to a node
/// that is not in the node list, or an item the decoder rejected.
public struct CapacityIssue: Error, Sendable, Equatable, Hashable, CustomStringConvertible {
    /// `Pod` or `Node` (or the kind of a rejected item).
    public var kind: String
    /// Nil for cluster-scoped objects (nodes).
    public var namespace: String?
    /// The object's name (for a rejected list item without one, `item #N`).
    public var name: String
    /// JSON path of the offending field, e.g. `spec.containers[app].resources.requests.memory`.
    public var field: String?
    /// The offending raw value.
    public var value: String?
    /// What was wrong and what the scan did about it.
    public var message: String

    /// An issue about one object.
    public init(kind: String, namespace: String? = nil, name: String, field: String? = nil, value: String? = nil,
                message: String) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.field = field
        self.value = value
        self.message = message
    }

    /// A negative quantity: the API server refuses them in pods, so one comes from a hand-made snapshot or a
    /// broken writer. It is counted as given, as kubectl counts it, so figures stay comparable with
    /// `kubectl describe node`, but it lowers every sum it is part of, hence the warning.
    static func negative(kind: String, namespace: String?, name: String, field: String, value: String) -> CapacityIssue {
        CapacityIssue(kind: kind, namespace: namespace, name: name, field: field,
                      message: "negative quantity \"\(value)\"; counted as given, it lowers the sums it is part of")
    }

    /// `namespace/name`, or `name` for cluster-scoped objects.
    public var objectName: String {
        guard let namespace, !namespace.isEmpty else { return name }
        return "\(namespace)/\(name)"
    }

    /// One line for logs and stderr: `Pod shop/api: <field>: invalid quantity "12O": <reason>; pod skipped`.
    public var description: String {
        var text = "\(kind) \(objectName): "
        if let field { text += "\(field): " }
        if let value { text += "invalid quantity \"\(value)\": " }
        return text + message
    }
}
