/// A pod owner (ReplicaSet, Deployment, StatefulSet, DaemonSet, Job, CronJob): only identity and
/// owner references are needed to draw ownership chains.
///
/// Items of a typed list (`ReplicaSetList`) carry no `kind`, so whoever fetched the list sets it
/// with ``withKind(_:)``; items of a kubectl `List` carry their own.
public struct Workload: Decodable, Sendable, Equatable {
    /// The API's `kind`.
    public var kind: String
    /// The API's `metadata`.
    public var metadata: ObjectMeta

    /// Builds a value directly, for tests and for decoders other than `JSONDecoder`.
    public init(kind: String, metadata: ObjectMeta) {
        self.kind = kind
        self.metadata = metadata
    }

    private enum CodingKeys: String, CodingKey { case kind, metadata }

    /// Decodes API JSON; fields the server omits (or sends as null) take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(.kind, default: "")
        metadata = try c.decode(.metadata, default: ObjectMeta(name: ""))
    }

    /// The same workload with `kind` filled in when the document left it out.
    public func withKind(_ kind: String) -> Workload {
        guard self.kind.isEmpty else { return self }
        return Workload(kind: kind, metadata: metadata)
    }

    /// Kinds decoded as ``Workload``.
    public static let kinds: Set<String> = ["ReplicaSet", "Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"]
}
