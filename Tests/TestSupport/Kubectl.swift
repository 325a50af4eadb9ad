import Foundation

/// The real kubectl, used by tests as an independent oracle against the test API server.
public enum Kubectl {
    /// What one kubectl run printed and returned.
    public struct Result: Sendable {
        public var exitCode: Int32
        public var standardOutput: String
        public var standardError: String
        /// The whole command line, for failure messages, with `--token` and `--password` values redacted.
        public var commandLine: String
    }

    /// `KUBECTL` when set, else `/usr/bin/kubectl`, else the first `kubectl` on `PATH`; nil when there is none.
    public static let path: String? = {
        let environment = ProcessInfo.processInfo.environment
        var candidates = [environment["KUBECTL"], "/usr/bin/kubectl"].compactMap { $0 }
        candidates += (environment["PATH"] ?? "").split(separator: ":").map { "\($0)/kubectl" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Whether kubectl is installed: guard kubectl tests with `.enabled(if: Kubectl.isAvailable)`.
    public static var isAvailable: Bool { path != nil }

    /// Runs kubectl to completion (killed after `timeout` seconds). Output goes through files, so a large
    /// `-o json` cannot block on a full pipe.
    public static func run(_ arguments: [String], timeout: TimeInterval = 120) async throws -> Result {
        guard let path else { throw ServerProcessError("kubectl is not installed") }
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("kcw-kubectl-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outURL = folder.appendingPathComponent("stdout")
        let errURL = folder.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let finished = ExitSignal()
        process.terminationHandler = { _ in finished.fire() }
        try process.run()
        try? out.close()
        try? err.close()
        let timedOut = await finished.wait(timeout: timeout)
        if timedOut {
            process.terminate()
            process.waitUntilExit()
        }
        let commandLine = ([path] + redacted(arguments)).joined(separator: " ")
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        return Result(exitCode: timedOut ? -1 : process.terminationStatus,
                      standardOutput: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                      standardError: timedOut ? "timed out after \(Int(timeout))s\n" + stderr : stderr,
                      commandLine: commandLine)
    }
}

/// Hides the values of credential flags (`--token X`, `--token=X`, `--password X`).
private func redacted(_ arguments: [String]) -> [String] {
    let secretFlags = ["--token", "--password"]
    var result: [String] = []
    var hideNext = false
    for argument in arguments {
        if hideNext {
            result.append("<redacted>")
            hideNext = false
        } else if secretFlags.contains(argument) {
            result.append(argument)
            hideNext = true
        } else if let flag = secretFlags.first(where: { argument.hasPrefix($0 + "=") }) {
            result.append(flag + "=<redacted>")
        } else {
            result.append(argument)
        }
    }
    return result
}

/// A one-shot signal from a process termination handler to an async waiter.
private final class ExitSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var fired = false
    private var expired = false
    private var continuation: CheckedContinuation<Bool, Never>?

    func fire() {
        lock.lock()
        fired = true
        let waiting = continuation
        continuation = nil
        lock.unlock()
        waiting?.resume(returning: false)
    }

    /// False when the process ended, true when `timeout` passed first.
    func wait(timeout: TimeInterval) async -> Bool {
        let timer = Task { [weak self] in
            try? await Task.sleep(nanoseconds: UInt64(timeout * 1_000_000_000))
            self?.expire()
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            lock.lock()
            if fired || expired {
                let result = !fired
                lock.unlock()
                continuation.resume(returning: result)
                return
            }
            self.continuation = continuation
            lock.unlock()
        }
    }

    private func expire() {
        lock.lock()
        expired = true
        let waiting = continuation
        continuation = nil
        lock.unlock()
        waiting?.resume(returning: true)
    }
}
