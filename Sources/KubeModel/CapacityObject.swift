/// One item of a mixed kubectl `List` as the capacity scan reads it: nodes and pods in their narrow models,
/// every other kind left undecoded.
///
/// The capacity counterpart of ``KubeObject``: a snapshot file decoded as `KubeList<CapacityObject>` gives the
/// scan its input without decoding (or rejecting) anything the scan does not read.
public enum CapacityObject: Decodable, Sendable, Equatable {
    case node(CapacityNode)
    case pod(CapacityPod)
    /// Any other kind, by name only.
    case other(kind: String)

    /// Decodes one object, choosing the case from its `kind`, which must be present as in ``KubeObject``.
    public init(from decoder: any Decoder) throws {
        switch try KubeObject.kind(of: decoder) {
        case "Node": self = .node(try CapacityNode(from: decoder))
        case "Pod": self = .pod(try CapacityPod(from: decoder))
        case let kind: self = .other(kind: kind)
        }
    }

    /// The object's kind as Kubernetes spells it.
    public var kind: String {
        switch self {
        case .node: "Node"
        case .pod: "Pod"
        case .other(let kind): kind
        }
    }
}
