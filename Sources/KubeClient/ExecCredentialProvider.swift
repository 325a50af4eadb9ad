import Dispatch
import Foundation

/// Credentials from an exec plugin, cached until their `expirationTimestamp` (or until a 401 when
/// the plugin gives none), with one plugin run at a time.
public actor ExecCredentialProvider: CredentialProvider {
    private let runner: ExecPluginRunner
    private let base: RequestCredentials
    private let now: @Sendable () -> Date
    private var cached: (credentials: RequestCredentials, expiry: Date?)?

    /// - Parameters:
    ///   - owner: who the plugin authenticates, for messages.
    ///   - base: credentials to combine with the plugin's (impersonation headers, a static client certificate).
    ///   - clusterInfo: `spec.cluster` for `KUBERNETES_EXEC_INFO` (server, certificate-authority-data…).
    public init(config: ExecPluginConfig, owner: String, base: RequestCredentials = .anonymous,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                clusterInfo: [String: String]? = nil, timeout: Duration = .seconds(60),
                now: @escaping @Sendable () -> Date = { Date() }) {
        runner = ExecPluginRunner(config: config, owner: owner, environment: environment,
                                  clusterInfo: clusterInfo, timeout: timeout)
        self.base = base
        self.now = now
    }

    public func credentials() async throws -> RequestCredentials {
        if let cached, cached.expiry.map({ $0 > now() }) ?? true { return cached.credentials }
        let runner = self.runner
        let output = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Data, any Error>) in
            // The plugin blocks a thread while it runs; keep that off Swift's cooperative pool.
            DispatchQueue.global().async { continuation.resume(with: Result { try runner.run() }) }
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
