import CurlTransport
import Foundation
import ProcessRunner

/// Runs an exec credential plugin the way kubectl does, without a terminal, and never for longer
/// than ``timeout``.
///
/// The plugin gets our environment plus its `env` entries and `KUBERNETES_EXEC_INFO` (an
/// ExecCredential with `spec.interactive: false`, and the cluster when `provideClusterInfo` is
/// set); stdin is `/dev/null`, because a service has no one to type a password. kubectl waits for a
/// plugin forever; a service cannot, so a plugin still running after ``timeout`` is stopped (see
/// `BoundedProcess`) and the attempt is a credential error.
struct ExecPluginRunner: Sendable {
    var config: ExecPluginConfig
    /// For messages: `user entry "x" of context "y"`.
    var owner: String
    var environment: [String: String]
    /// `spec.cluster` of `KUBERNETES_EXEC_INFO`, when the plugin asked for it.
    var clusterInfo: [String: any Sendable]?
    var timeout: Duration
    /// Between SIGTERM and SIGKILL when the plugin overruns or is cancelled.
    var killGrace: Duration = .seconds(3)

    /// Runs the plugin and returns its stdout. Blocks the calling thread.
    ///
    /// When `cancellation` is set while the plugin runs, the plugin is stopped and the error says so;
    /// the caller turns that into a `CancellationError`.
    func run(cancellation: CancellationFlag? = nil) throws(CredentialError) -> Data {
        if config.interactiveMode == .always {
            throw CredentialError("exec plugin \(config.command) for \(owner) needs an interactive terminal (interactiveMode: Always), which kubecapwatch never has; use a plugin mode that works without one\(hintSuffix)")
        }
        let executable = try locate()
        let process = BoundedProcess(executable: executable, arguments: [config.command] + config.args,
                                     environment: pluginEnvironment(), timeout: timeout, killGrace: killGrace)
        let outcome: BoundedProcess.Outcome
        do {
            outcome = try process.run { cancellation?.isCancelled ?? false }
        } catch {
            throw CredentialError("exec plugin \(config.command) for \(owner) could not be started: \(String(cString: strerror(error.code.rawValue)))\(hintSuffix)")
        }
        let message = Self.trimmed(outcome.standardError)
        let detail = message.isEmpty ? "" : ": \(message)"
        switch outcome.interruption {
        case .timedOut?:
            throw CredentialError("exec plugin \(config.command) for \(owner) did not finish within \(timeout.secondsText) and was stopped\(detail)")
        case .cancelled?:
            throw CredentialError("exec plugin \(config.command) for \(owner) was stopped: the request was cancelled")
        case nil:
            break
        }
        switch outcome.termination {
        case .signalled(let signal):
            throw CredentialError("exec plugin \(config.command) for \(owner) was killed by signal \(signal)\(detail)\(hintSuffix)")
        case .exited(let status) where status != 0:
            throw CredentialError("exec plugin \(config.command) for \(owner) failed with exit status \(status)\(detail)\(hintSuffix)")
        case .exited:
            break
        }
        if outcome.outputTruncated {
            throw CredentialError("exec plugin \(config.command) for \(owner) printed more than \(process.outputLimit >> 20) MiB, which is no ExecCredential")
        }
        return outcome.standardOutput
    }

    private var hintSuffix: String {
        guard let hint = config.installHint?.trimmingCharacters(in: .whitespacesAndNewlines), !hint.isEmpty else { return "" }
        return ". \(hint)"
    }

    /// A path with a `/` is used as is (already resolved against the kubeconfig's folder); a bare
    /// name is searched in `PATH`, as `exec.LookPath` does.
    private func locate() throws(CredentialError) -> String {
        if config.command.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: config.command) else {
                throw CredentialError("exec plugin \(config.command) for \(owner) does not exist or is not executable\(hintSuffix)")
            }
            return config.command
        }
        let path = pluginEnvironment()["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = (String(folder) as NSString).appendingPathComponent(config.command)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw CredentialError("exec plugin \(config.command) for \(owner) was not found in PATH\(hintSuffix)")
    }

    private func pluginEnvironment() -> [String: String] {
        var env = environment
        for entry in config.env { env[entry.name] = entry.value }
        var spec: [String: Any] = ["interactive": false]
        if config.provideClusterInfo, let clusterInfo { spec["cluster"] = clusterInfo }
        let info: [String: Any] = ["apiVersion": config.apiVersion, "kind": "ExecCredential", "spec": spec]
        if let data = try? JSONSerialization.data(withJSONObject: info, options: [.sortedKeys]) {
            env["KUBERNETES_EXEC_INFO"] = String(decoding: data, as: UTF8.self)
        }
        return env
    }

    /// The plugin's stderr, trimmed to its last lines so one error stays one readable line.
    static func trimmed(_ data: Data) -> String {
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let joined = lines.suffix(5).joined(separator: " | ")
        return joined.count > 500 ? "…" + joined.suffix(500) : joined
    }
}
