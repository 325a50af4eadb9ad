/// Which configuration a client speaks for, so errors can say what to fix.
public struct ClientIdentity: Sendable, Equatable, CustomStringConvertible {
    /// The kubeconfig context, or nil in-cluster.
    public var context: String?
    /// The kubeconfig user entry, or nil in-cluster.
    public var user: String?
    /// The kubeconfig cluster entry, or nil in-cluster.
    public var cluster: String?
    /// Where the configuration came from: kubeconfig files, or the in-cluster service account.
    public var source: String

    public init(context: String? = nil, user: String? = nil, cluster: String? = nil, source: String) {
        self.context = context
        self.user = user
        self.cluster = cluster
        self.source = source
    }

    /// `user entry "alice" of context "prod"`, or the source when there is no kubeconfig user.
    public var credentialsDescription: String {
        switch (user, context) {
        case let (user?, context?) where !user.isEmpty: return "user entry \"\(user)\" of context \"\(context)\""
        case let (_, context?): return "context \"\(context)\" (no user entry, anonymous)"
        default: return source
        }
    }

    public var description: String {
        context.map { "context \"\($0)\" (\(source))" } ?? source
    }
}
