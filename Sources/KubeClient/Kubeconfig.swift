/// Where a kubeconfig entry was defined: relative paths in it resolve against this file's folder.
public struct KubeconfigOrigin: Sendable, Equatable {
    /// The file the entry came from.
    public var file: String
    /// 1-based line of the entry.
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }
}

/// A `clusters[].cluster` entry.
public struct KubeconfigCluster: Sendable, Equatable {
    public var name: String
    public var server: String?
    /// Path as written (relative paths are resolved when the context is resolved).
    public var certificateAuthority: String?
    /// Base64 text as written; decoded (and checked) when the context is resolved.
    public var certificateAuthorityData: String?
    public var insecureSkipTLSVerify: Bool
    public var tlsServerName: String?
    public var proxyURL: String?
    public var origin: KubeconfigOrigin

    public init(name: String, server: String? = nil, certificateAuthority: String? = nil,
                certificateAuthorityData: String? = nil, insecureSkipTLSVerify: Bool = false,
                tlsServerName: String? = nil, proxyURL: String? = nil, origin: KubeconfigOrigin) {
        self.name = name
        self.server = server
        self.certificateAuthority = certificateAuthority
        self.certificateAuthorityData = certificateAuthorityData
        self.insecureSkipTLSVerify = insecureSkipTLSVerify
        self.tlsServerName = tlsServerName
        self.proxyURL = proxyURL
        self.origin = origin
    }
}

/// A `users[].user` entry. Its description names the credential kinds present, never their values.
public struct KubeconfigUser: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var token: String?
    public var tokenFile: String?
    public var clientCertificate: String?
    public var clientCertificateData: String?
    public var clientKey: String?
    public var clientKeyData: String?
    public var username: String?
    public var password: String?
    /// Impersonation (`as`, `as-groups`, `as-uid`), sent as `Impersonate-*` headers.
    public var impersonate: String?
    public var impersonateGroups: [String]
    public var impersonateUID: String?
    public var exec: ExecPluginConfig?
    /// Name of a legacy `auth-provider`, which this product does not run.
    public var authProvider: String?
    public var origin: KubeconfigOrigin

    public init(name: String, origin: KubeconfigOrigin) {
        self.name = name
        self.origin = origin
        impersonateGroups = []
    }

    public var description: String {
        var kinds: [String] = []
        if token != nil { kinds.append("token") }
        if tokenFile != nil { kinds.append("tokenFile") }
        if clientCertificate != nil || clientCertificateData != nil { kinds.append("client certificate") }
        if username != nil { kinds.append("basic auth") }
        if exec != nil { kinds.append("exec") }
        if authProvider != nil { kinds.append("auth-provider") }
        return "user \(name) [\(kinds.joined(separator: ", "))]"
    }
}

/// A `contexts[].context` entry.
public struct KubeconfigContext: Sendable, Equatable {
    public var name: String
    public var cluster: String?
    public var user: String?
    public var namespace: String?
    public var origin: KubeconfigOrigin

    public init(name: String, cluster: String? = nil, user: String? = nil, namespace: String? = nil,
                origin: KubeconfigOrigin) {
        self.name = name
        self.cluster = cluster
        self.user = user
        self.namespace = namespace
        self.origin = origin
    }
}

/// One kubeconfig file, or several merged with kubectl's rules (see ``KubeconfigLoader``).
public struct Kubeconfig: Sendable, Equatable {
    public var currentContext: String?
    public var clusters: [String: KubeconfigCluster]
    public var users: [String: KubeconfigUser]
    public var contexts: [String: KubeconfigContext]
    /// The files this configuration was read from, in precedence order.
    public var files: [String]

    public init(currentContext: String? = nil, clusters: [String: KubeconfigCluster] = [:],
                users: [String: KubeconfigUser] = [:], contexts: [String: KubeconfigContext] = [:],
                files: [String] = []) {
        self.currentContext = currentContext
        self.clusters = clusters
        self.users = users
        self.contexts = contexts
        self.files = files
    }

    /// Merges `later` under `self`, as kubectl merges the files of `KUBECONFIG`: the first file
    /// that sets `current-context` wins, and for each cluster, user and context name the first
    /// definition wins whole — fields of a later same-named entry are not mixed in.
    public func merging(_ later: Kubeconfig) -> Kubeconfig {
        var merged = self
        if merged.currentContext?.isEmpty ?? true { merged.currentContext = later.currentContext }
        merged.clusters.merge(later.clusters) { first, _ in first }
        merged.users.merge(later.users) { first, _ in first }
        merged.contexts.merge(later.contexts) { first, _ in first }
        merged.files += later.files
        return merged
    }
}
