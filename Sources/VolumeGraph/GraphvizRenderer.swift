import Foundation

/// Turns DOT text into SVG or PNG by running Graphviz's `dot`. The one part of this module that
/// does I/O: it writes the DOT to a temporary directory, runs the program, and reads the result.
///
/// Files rather than pipes, so neither a large picture on stdout nor many warnings on stderr
/// can fill a pipe and stall the child.
public struct GraphvizRenderer: Sendable {
    /// Image formats `dot -T` produces here.
    public enum Format: String, Sendable, CaseIterable {
        case svg
        case png
    }

    /// The program: a bare name looked up on `PATH`, or a path.
    public var executable: String
    /// The `PATH` to search; nil means this process's `PATH`.
    public var searchPath: String?
    /// How long `dot` may run before it is killed (``GraphvizError/timedOut(after:)``); nil: no limit, for a
    /// person at a terminal, who can interrupt it.
    public var timeout: Duration?

    public init(executable: String = "dot", searchPath: String? = nil, timeout: Duration? = nil) {
        self.executable = executable
        self.searchPath = searchPath
        self.timeout = timeout
    }

    /// Renders `dot` with the default `dot` program on `PATH`.
    public static func render(dot: String, format: Format) throws(GraphvizError) -> Data {
        try GraphvizRenderer().render(dot: dot, format: format)
    }

    /// Renders DOT text to an image.
    ///
    /// - Throws: ``GraphvizError/notInstalled(_:)`` when the program cannot be found,
    ///   ``GraphvizError/failed(status:message:)`` when it rejects the input.
    public func render(dot: String, format: Format) throws(GraphvizError) -> Data {
        let program = try locate()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kubecapwatch-graphviz-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("graph.dot")
        let output = directory.appendingPathComponent("graph.\(format.rawValue)")
        let errors = directory.appendingPathComponent("stderr.txt")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(dot.utf8).write(to: input)
            try Data().write(to: errors)
        } catch {
            throw .io("cannot prepare \(directory.path): \(error.localizedDescription)")
        }
        let (status, killed) = try run(program, ["-T\(format.rawValue)", "-o", output.path, input.path], stderr: errors)
        if killed, let timeout { throw .timedOut(after: timeout) }
        let message = (try? String(contentsOf: errors, encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard status == 0 else { throw .failed(status: status, message: message) }
        guard let image = try? Data(contentsOf: output), !image.isEmpty else {
            throw .failed(status: status, message: message.isEmpty ? "dot wrote no output" : message)
        }
        return image
    }

    /// Runs `program` to its end, or until ``timeout`` kills it (`killed`).
    private func run(_ program: URL, _ arguments: [String], stderr: URL) throws(GraphvizError) -> (status: Int32, killed: Bool) {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        do {
            let errorHandle = try FileHandle(forWritingTo: stderr)
            defer { try? errorHandle.close() }
            process.standardError = errorHandle
            try process.run()
            // `dot` starts no children of its own, so killing it ends the whole render.
            let watchdog = timeout.map { limit in
                let stop = DispatchWorkItem { if process.isRunning { _ = kill(process.processIdentifier, SIGKILL) } }
                let milliseconds = Int(limit.components.seconds) * 1000 + Int(limit.components.attoseconds / 1_000_000_000_000_000)
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds), execute: stop)
                return stop
            }
            process.waitUntilExit()
            watchdog?.cancel()
        } catch {
            throw .io("cannot run \(program.path): \(error.localizedDescription)")
        }
        return (process.terminationStatus, process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL)
    }

    /// The program's URL: `executable` itself when it contains a `/`, else the first match on the path.
    func locate() throws(GraphvizError) -> URL {
        if executable.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: executable) else { throw .notInstalled(executable) }
            return URL(fileURLWithPath: executable)
        }
        let path = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(executable)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
        }
        throw .notInstalled(executable)
    }
}

/// Why Graphviz could not render a picture.
public enum GraphvizError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The program is not installed (or not on `PATH`).
    case notInstalled(String)
    /// The program ran and failed; `message` is what it printed on stderr.
    case failed(status: Int32, message: String)
    /// Temporary files could not be written or the program could not be started.
    case io(String)
    /// The program ran longer than its time limit and was killed.
    case timedOut(after: Duration)

    public var description: String {
        switch self {
        case .notInstalled(let program):
            "Graphviz's \(program) was not found on PATH; install the Debian package graphviz "
                + "(apt-get install graphviz), or use --format dot, json or mermaid"
        case .failed(let status, let message):
            "Graphviz dot exited with status \(status)" + (message.isEmpty ? "" : ": \(message)")
        case .io(let message):
            "Graphviz: \(message)"
        case .timedOut(let limit):
            "Graphviz dot did not finish within \(Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18) s "
                + "and was stopped; draw less (namespace, focus) or use dot, json or mermaid"
        }
    }
}
