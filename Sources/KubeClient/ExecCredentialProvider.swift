import CurlTransport
import Foundation

/// Credentials from an exec plugin, cached until their `expirationTimestamp` (or until a 401 when
/// the plugin gives none), with one plugin run at a time.
///
/// A plugin run is bounded by `timeout` and by the calling task: cancelling the scan stops the
/// plugin (its whole process group) and throws `CancellationError`.
public actor ExecCredentialProvider: CredentialProvider {
    /// How long a plugin may run when nothing else is configured. kubectl has no bound at all; a
    /// service needs one, and real plugins (cloud CLIs fetching a token) finish within seconds.
    public static let defaultTimeout: Duration = .seconds(30)

    private let runner: ExecPluginRunner
    private let base: RequestCredentials
    private let now: @Sendable () -> Date
    private var cached: (credentials: RequestCredentials, expiry: Date?)?

    /// - Parameters:
    ///   - owner: who the plugin authenticates, for messages.
    ///   - base: credentials to combine with the plugin's (impersonation headers, a static client certificate).
    ///   - clusterInfo: `spec.cluster` for `KUBERNETES_EXEC_INFO` (server, certificate-authority-data…).
    ///   - timeout: how long one run of the plugin may take before it is stopped.
    public init(config: ExecPluginConfig, owner: String, base: RequestCredentials = .anonymous,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                clusterInfo: [String: String]? = nil, timeout: Duration = ExecCredentialProvider.defaultTimeout,
                now: @escaping @Sendable () -> Date = { Date() }) {
        runner = ExecPluginRunner(config: config, owner: owner, environment: environment,
                                  clusterInfo: clusterInfo, timeout: timeout)
        self.base = base
        self.now = now
    }

    public func credentials() async throws -> RequestCredentials {
        if let cached, cached.expiry.map({ $0 > now() }) ?? true { return cached.credentials }
        let runner = self.runner
        let output: Data
        do {
            output = try await CancellationFlag.offloading { flag in try runner.run(cancellation: flag) }
        } catch is CredentialError where Task.isCancelled {
            throw CancellationError()
        }
        let parsed = try ExecCredential.parse(output, config: runner.config, plugin: runner.config.command)
        var merged = base
        if let authorization = parsed.credentials.authorization { merged.authorization = authorization }
        if let certificate = parsed.credentials.clientCertificate {
            merged.clientCertificate = certificate
            merged.clientKey = parsed.credentials.clientKey
        }
        cached = (merged, parsed.expiry)
        return merged
    }

    public func invalidate() async -> Bool {
        cached = nil
        return true
    }
}
