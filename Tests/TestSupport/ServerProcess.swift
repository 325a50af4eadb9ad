import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A Python test server under `Tests/Servers` run as a child process, with its own fresh state directory.
///
/// The generic part of every launcher: it creates a temporary state directory, starts
/// `python3 Tests/Servers/<script> <arguments>`, and waits until the server writes its ready file into that
/// directory (write it atomically, e.g. to a temporary name and `rename`, once the server accepts connections).
/// The server's stdout and stderr go to `server.log` in the state directory, so no pipe can fill up and block it.
///
/// The child gets a pipe as stdin that this object holds open: a server that exits on stdin EOF (the test API
/// server's `--exit-on-stdin-eof`) disappears even when the test process crashes. ``stop()`` (also run on
/// deinit) closes that pipe, sends SIGTERM, then SIGKILL after two seconds, and removes the state directory
/// unless `KUBECAPWATCH_KEEP_TEST_SERVERS` is set in the environment.
///
/// ```swift
/// let server = try await ServerProcess.start(script: "myserver/server.py", readyFile: "ready.json") { dir in
///     ["--state-dir", dir.path, "--exit-on-stdin-eof"]
/// }
/// let ready = try server.decodeReady(MyReady.self)
/// ```
public final class ServerProcess: @unchecked Sendable {
    /// The repository root, found from this file's location (`Tests/TestSupport/ServerProcess.swift`).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().standardized

    /// `Tests/Servers`, where the Python test servers live.
    public static let serversDirectory: URL = repositoryRoot.appendingPathComponent("Tests/Servers")

    /// The Python interpreter: `KUBECAPWATCH_PYTHON` when set, else `python3` from `PATH`.
    public static var python: String {
        ProcessInfo.processInfo.environment["KUBECAPWATCH_PYTHON"] ?? "python3"
    }

    /// The fresh directory the server writes its state into (certificates, ready file, logs).
    public let stateDirectory: URL
    /// The ready file's bytes, as the server wrote them.
    public let readyData: Data
    /// The child's process id.
    public let pid: Int32

    private let process: Process
    private let stdinPipe: Pipe
    private let lock = NSLock()
    private var stopped = false

    private init(process: Process, stdinPipe: Pipe, stateDirectory: URL, readyData: Data) {
        self.process = process
        self.stdinPipe = stdinPipe
        self.stateDirectory = stateDirectory
        self.readyData = readyData
        self.pid = process.processIdentifier
    }

    deinit { stop() }

    /// Starts `python3 Tests/Servers/<script>` with the arguments built for the new state directory, and returns
    /// once `readyFile` exists in that directory and holds a complete JSON document.
    ///
    /// - Parameters:
    ///   - script: path relative to `Tests/Servers`, e.g. `"testapi/server.py"`.
    ///   - readyFile: file name, inside the state directory, that the server writes when it is ready.
    ///   - timeout: seconds to wait for the ready file before the server is killed and an error thrown.
    ///   - arguments: builds the command line from the state directory; it may also write input files there.
    public static func start(script: String, readyFile: String = "ready.json", timeout: TimeInterval = 60,
                             arguments: (URL) throws -> [String]) async throws -> ServerProcess {
        let name = URL(fileURLWithPath: script).deletingPathExtension().lastPathComponent
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kcw-\(name)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let log = directory.appendingPathComponent("server.log")
        let process = Process()
        let stdinPipe = Pipe()
        do {
            let scriptPath = serversDirectory.appendingPathComponent(script).path
            guard FileManager.default.fileExists(atPath: scriptPath) else {
                throw ServerProcessError("test server script not found: \(scriptPath)")
            }
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [python, "-u", scriptPath] + (try arguments(directory))
            process.currentDirectoryURL = repositoryRoot
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let output = try FileHandle(forWritingTo: log)
            process.standardOutput = output
            process.standardError = output
            process.standardInput = stdinPipe
            try process.run()
            try? output.close()
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }

        let readyURL = directory.appendingPathComponent(readyFile)
        let deadline = Date().addingTimeInterval(timeout)
        var pause: UInt64 = 20_000_000
        while true {
            if let data = try? Data(contentsOf: readyURL), !data.isEmpty,
               (try? JSONSerialization.jsonObject(with: data)) != nil {
                return ServerProcess(process: process, stdinPipe: stdinPipe, stateDirectory: directory,
                                     readyData: data)
            }
            if !process.isRunning {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                try? FileManager.default.removeItem(at: directory)
                throw ServerProcessError("test server \(script) exited with status \(process.terminationStatus) "
                                         + "before it was ready:\n\(text.suffix(4000))")
            }
            if Date() > deadline {
                let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                Self.end(process, stdinPipe: stdinPipe)
                try? FileManager.default.removeItem(at: directory)
                throw ServerProcessError("test server \(script) was not ready after \(Int(timeout))s:\n"
                                         + "\(text.suffix(4000))")
            }
            try await Task.sleep(nanoseconds: pause)
            pause = min(pause * 2, 200_000_000)
        }
    }

    /// Decodes the ready file.
    public func decodeReady<T: Decodable>(_ type: T.Type) throws -> T {
        try JSONDecoder().decode(T.self, from: readyData)
    }

    /// What the server printed so far (stdout and stderr), for test failure messages.
    public var log: String {
        (try? String(contentsOf: stateDirectory.appendingPathComponent("server.log"), encoding: .utf8)) ?? ""
    }

    /// Whether the child is still running.
    public var isRunning: Bool { process.isRunning }

    /// Ends the server and removes its state directory; safe to call more than once.
    public func stop() {
        lock.lock()
        let already = stopped
        stopped = true
        lock.unlock()
        guard !already else { return }
        Self.end(process, stdinPipe: stdinPipe)
        if ProcessInfo.processInfo.environment["KUBECAPWATCH_KEEP_TEST_SERVERS"] == nil {
            try? FileManager.default.removeItem(at: stateDirectory)
        }
    }

    private static func end(_ process: Process, stdinPipe: Pipe) {
        try? stdinPipe.fileHandleForWriting.close()
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline {
            usleep(10_000)
        }
        if process.isRunning {
            _ = kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }
}

/// Why a test server could not be started.
public struct ServerProcessError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
