import CurlTransport
import Dispatch
import Foundation

/// Runs an exec credential plugin the way kubectl does, without a terminal.
///
/// The plugin gets our environment plus its `env` entries and `KUBERNETES_EXEC_INFO` (an
/// ExecCredential with `spec.interactive: false`, and the cluster when `provideClusterInfo` is
/// set); stdin is `/dev/null`, because a service has no one to type a password.
struct ExecPluginRunner: Sendable {
    var config: ExecPluginConfig
    /// For messages: `user entry "x" of context "y"`.
    var owner: String
    var environment: [String: String]
    /// `spec.cluster` of `KUBERNETES_EXEC_INFO`, when the plugin asked for it.
    var clusterInfo: [String: any Sendable]?
    var timeout: Duration

    /// Runs the plugin and returns its stdout. Blocks the calling thread.
    func run() throws(CredentialError) -> Data {
        if config.interactiveMode == .always {
            throw CredentialError("exec plugin \(config.command) for \(owner) needs an interactive terminal (interactiveMode: Always), which kubecapwatch never has; use a plugin mode that works without one\(hintSuffix)")
        }
        let executable = try locate()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = config.args
        process.environment = pluginEnvironment()
        process.standardInput = FileHandle.nullDevice
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        do {
            try process.run()
        } catch {
            throw CredentialError("exec plugin \(config.command) for \(owner) could not be started: \(Self.reason(error))\(hintSuffix)")
        }
        // stderr is drained on another thread so a chatty plugin cannot fill the pipe and stall.
        let errorOutput = PipeCollector(stderr.fileHandleForReading)
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(Int(timeout.components.seconds * 1000)), execute: watchdog)
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        let message = Self.trimmed(errorOutput.wait())
        if process.terminationReason == .uncaughtSignal {
            throw CredentialError("exec plugin \(config.command) for \(owner) was stopped (signal \(process.terminationStatus)) after at most \(timeout.secondsText)\(message.isEmpty ? "" : ": \(message)")")
        }
        guard process.terminationStatus == 0 else {
            throw CredentialError("exec plugin \(config.command) for \(owner) failed with exit status \(process.terminationStatus)\(message.isEmpty ? "" : ": \(message)")\(hintSuffix)")
        }
        return output
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

    /// The POSIX reason behind Foundation's generic "could not be completed".
    private static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        return nsError.localizedDescription
    }

    /// The plugin's stderr, trimmed to its last lines so one error stays one readable line.
    static func trimmed(_ data: Data) -> String {
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let joined = lines.suffix(5).joined(separator: " | ")
        return joined.count > 500 ? "…" + joined.suffix(500) : joined
    }
}

/// Reads a pipe to its end on a background thread.
private final class PipeCollector: @unchecked Sendable {
    // Written once by the reader thread before `done` is signalled, read only after waiting on it.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
