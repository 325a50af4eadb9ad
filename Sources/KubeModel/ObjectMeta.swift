/// The subset of `metadata` the product uses. Annotations and managedFields are deliberately not
/// decoded: they are the bulk of real objects and nothing here needs them.
public struct ObjectMeta: Decodable, Sendable, Equatable {
    /// The API's `metadata.name`.
    public var name: String
    /// Nil for cluster-scoped objects (Node, PersistentVolume, StorageClass).
    public var namespace: String?
    /// The API's `metadata.uid`.
    public var uid: String?
    /// The API's `metadata.labels`.
    public var labels: [String: String]
    /// The API's `metadata.ownerReferences`.
    public var ownerReferences: [OwnerReference]
    /// RFC 3339 text as the server sent it; kept as a string because nothing computes with it.
    public var creationTimestamp: String?
    /// Set when the object is being deleted.
    public var deletionTimestamp: String?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(name: String, namespace: String? = nil, uid: String? = nil, labels: [String: String] = [:],
                ownerReferences: [OwnerReference] = [], creationTimestamp: String? = nil,
                deletionTimestamp: String? = nil) {
        self.name = name
        self.namespace = namespace
        self.uid = uid
        self.labels = labels
        self.ownerReferences = ownerReferences
        self.creationTimestamp = creationTimestamp
        self.deletionTimestamp = deletionTimestamp
    }

    private enum CodingKeys: String, CodingKey {
        case name, namespace, uid, labels, ownerReferences, creationTimestamp, deletionTimestamp
    }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(.name, default: "")
        namespace = try c.decodeIfPresent(String.self, forKey: .namespace)
        uid = try c.decodeIfPresent(String.self, forKey: .uid)
        labels = try c.decode(.labels, default: [:])
        ownerReferences = try c.decode(.ownerReferences, default: [])
        creationTimestamp = try c.decodeIfPresent(String.self, forKey: .creationTimestamp)
        deletionTimestamp = try c.decodeIfPresent(String.self, forKey: .deletionTimestamp)
    }

    /// The controlling owner (`controller: true`), if any.
    public var controller: OwnerReference? { ownerReferences.first { $0.controller == true } }
}

/// `metadata.ownerReferences[]`: links an object to the workload that created it.
public struct OwnerReference: Decodable, Sendable, Equatable, Hashable {
    /// The API's `metadata.ownerReferences[].apiVersion`.
    public var apiVersion: String
    /// The API's `metadata.ownerReferences[].kind`.
    public var kind: String
    /// The API's `metadata.ownerReferences[].name`.
    public var name: String
    /// The API's `metadata.ownerReferences[].uid`.
    public var uid: String
    /// The API's `metadata.ownerReferences[].controller`.
    public var controller: Bool?

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(apiVersion: String, kind: String, name: String, uid: String, controller: Bool? = nil) {
        self.apiVersion = apiVersion
        self.kind = kind
        self.name = name
        self.uid = uid
        self.controller = controller
    }

    private enum CodingKeys: String, CodingKey { case apiVersion, kind, name, uid, controller }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiVersion = try c.decode(.apiVersion, default: "")
        kind = try c.decode(.kind, default: "")
        name = try c.decode(.name, default: "")
        uid = try c.decode(.uid, default: "")
        controller = try c.decodeIfPresent(Bool.self, forKey: .controller)
    }
}
