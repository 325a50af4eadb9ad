import CurlTransport
import Foundation

/// Everything a ``KubeClient`` needs: where the API server is, how to trust it, who we are.
///
/// Build one from a kubeconfig (``fromKubeconfig(_:context:environment:)``), from the in-cluster
/// service account (``InClusterConfig``), with ``automatic(kubeconfigPath:context:environment:homeDirectory:execTimeout:inClusterRoot:)``
/// choosing like kubectl, or by hand.
public struct KubeClientConfiguration: Sendable {
    /// `https://host:port`, optionally with a path prefix (some proxies serve the API under one).
    public var server: String
    /// CA, static client certificate, verification switches and server name.
    public var tls: TLSOptions
    public var proxy: String?
    public var credentials: any CredentialProvider
    /// Which context/user/cluster this is, for error messages.
    public var identity: ClientIdentity
    /// The context's namespace (or the service account's), when set.
    public var namespace: String?
    public var connectTimeout: Duration
    /// Per request; a page of 500 pods from a loaded server can take a while.
    public var requestTimeout: Duration
    public var retry: APIRetryPolicy

    public init(server: String, tls: TLSOptions = TLSOptions(), proxy: String? = nil,
                credentials: any CredentialProvider = StaticCredentialProvider(.anonymous),
                identity: ClientIdentity = ClientIdentity(source: "explicit configuration"), namespace: String? = nil,
                connectTimeout: Duration = .seconds(10), requestTimeout: Duration = .seconds(60),
                retry: APIRetryPolicy = APIRetryPolicy()) {
        self.server = server
        self.tls = tls
        self.proxy = proxy
        self.credentials = credentials
        self.identity = identity
        self.namespace = namespace
        self.connectTimeout = connectTimeout
        self.requestTimeout = requestTimeout
        self.retry = retry
    }

    /// The configuration of `context` (or the current context) of an already loaded kubeconfig.
    ///
    /// - Parameter execTimeout: how long the user's exec credential plugin, if any, may run.
    public static func fromKubeconfig(_ kubeconfig: Kubeconfig, context: String? = nil,
                                      environment: [String: String] = ProcessInfo.processInfo.environment,
                                      execTimeout: Duration = ExecCredentialProvider.defaultTimeout)
        throws(KubeconfigError) -> KubeClientConfiguration {
        try KubeconfigResolver(kubeconfig: kubeconfig, environment: environment, execTimeout: execTimeout)
            .resolve(context: context)
    }

    /// Chooses like kubectl: an explicit kubeconfig, else `KUBECONFIG`, else `~/.kube/config`;
    /// when none of those exists and `KUBERNETES_SERVICE_HOST` is set, the in-cluster service account.
    ///
    /// - Parameters:
    ///   - execTimeout: how long an exec credential plugin may run.
    ///   - inClusterRoot: folder standing in for `/` when looking for the service-account files (tests).
    public static func automatic(kubeconfigPath: String? = nil, context: String? = nil,
                                 environment: [String: String] = ProcessInfo.processInfo.environment,
                                 homeDirectory: String? = nil,
                                 execTimeout: Duration = ExecCredentialProvider.defaultTimeout, inClusterRoot: String = "/")
        throws(KubeconfigError) -> KubeClientConfiguration {
        let loader = KubeconfigLoader(environment: environment, homeDirectory: homeDirectory)
        if let kubeconfig = try loader.load(explicitPath: kubeconfigPath) {
            return try fromKubeconfig(kubeconfig, context: context, environment: environment, execTimeout: execTimeout)
        }
        let inCluster = InClusterConfig(root: inClusterRoot, environment: environment)
        if inCluster.isAvailable {
            if let context {
                throw KubeconfigError(message: "context \"\(context)\" was requested, but no kubeconfig exists (looked at \(loader.candidateFiles(explicitPath: nil).joined(separator: ", ")))")
            }
            return try inCluster.configuration()
        }
        throw KubeconfigError(message: "no kubeconfig found (looked at \(loader.candidateFiles(explicitPath: nil).joined(separator: ", "))) and not running inside a cluster (KUBERNETES_SERVICE_HOST is not set); set [kubernetes] kubeconfig (or pass --kubeconfig), set KUBECONFIG, or use a snapshot")
    }
}
