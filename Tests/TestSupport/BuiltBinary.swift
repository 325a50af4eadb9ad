import Foundation

/// The `kubecapwatch` executable built beside the test bundle, run as a user would run it.
public enum BuiltBinary {
    /// What a finished run printed and returned.
    public struct Result: Sendable {
        public var exitCode: Int32
        public var standardOutput: String
        public var standardError: String
    }

    /// Path of the built executable: same folder as the running test bundle.
    public static var path: String {
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        // On Linux the bundle is `…/debug/kubecapwatchPackageTests.xctest`, itself the executable.
        while folder.path != "/", !FileManager.default.fileExists(atPath: folder.appendingPathComponent("kubecapwatch").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("kubecapwatch").path
    }

    /// Whether `swift build` has produced the executable (the Makefile builds it before `swift test`).
    public static var exists: Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Runs the binary to completion (killing it after `timeout` seconds) and captures both streams.
    public static func run(_ arguments: [String], environment: [String: String]? = nil,
                           currentDirectory: URL? = nil, timeout: TimeInterval = 120) throws -> Result {
        let running = try start(arguments, environment: environment, currentDirectory: currentDirectory)
        return running.wait(timeout: timeout)
    }

    /// Starts the binary and returns at once, for tests that signal it or read it while it runs.
    public static func start(_ arguments: [String], environment: [String: String]? = nil,
                             currentDirectory: URL? = nil) throws -> RunningBinary {
        try RunningBinary(path: path, arguments: arguments, environment: environment, currentDirectory: currentDirectory)
    }

    /// Starts another program the same way (e.g. `script`, to run the binary on a pseudo-terminal).
    public static func startProgram(_ program: String, _ arguments: [String], environment: [String: String]? = nil)
        throws -> RunningBinary {
        try RunningBinary(path: program, arguments: arguments, environment: environment, currentDirectory: nil)
    }
}

/// A started `kubecapwatch` process whose output is collected into files (no pipe can fill up and block it).
public final class RunningBinary: @unchecked Sendable {
    public let process = Process()
    private let outputURL: URL
    private let errorURL: URL

    init(path: String, arguments: [String], environment: [String: String]?, currentDirectory: URL?) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kcw-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        outputURL = folder.appendingPathComponent("stdout")
        errorURL = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        try process.run()
    }

    /// Output so far.
    public var standardOutput: String { (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "" }
    public var standardError: String { (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "" }

    public func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Polls until `condition` holds on the output so far, or `timeout` passes; returns whether it held.
    public func waitFor(timeout: TimeInterval, _ condition: (_ stdout: String, _ stderr: String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition(standardOutput, standardError) { return true }
            if !process.isRunning { return condition(standardOutput, standardError) }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    /// Waits for the process to exit (SIGKILL after `timeout`) and returns what it printed.
    public func wait(timeout: TimeInterval) -> BuiltBinary.Result {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        return BuiltBinary.Result(exitCode: process.terminationStatus, standardOutput: standardOutput,
                                  standardError: standardError)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
