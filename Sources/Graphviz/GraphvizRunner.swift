import CurlTransport
import Foundation
import ProcessRunner

/// Turns DOT text (VolumeGraph's `GraphRenderer.dot`) into SVG or PNG by running Graphviz's `dot`, with bounds:
/// it is stopped after ``timeout`` or when the calling task is cancelled (the whole process group, see
/// `BoundedProcess`), and an image larger than ``outputLimit`` is refused rather than held in memory.
///
/// The DOT goes to `dot` as a file in a private temporary folder, removed afterwards; the image comes back on
/// its stdout.
public struct GraphvizRunner: Sendable {
    /// Image formats `dot -T` produces here.
    public enum Format: String, Sendable, CaseIterable {
        case svg
        case png
    }

    /// The program: a bare name looked up on ``searchPath``, or a path.
    public var executable: String
    /// The `PATH` to search; nil means this process's `PATH`.
    public var searchPath: String?
    /// The longest `dot` may take: a picture of tens of thousands of objects takes minutes.
    public var timeout: Duration
    /// The largest image accepted.
    public var outputLimit: Int

    public init(executable: String = "dot", searchPath: String? = nil, timeout: Duration = .seconds(600),
                outputLimit: Int = 512 << 20) {
        self.executable = executable
        self.searchPath = searchPath
        self.timeout = timeout
        self.outputLimit = outputLimit
    }

    /// Renders DOT text to an image, off the cooperative thread pool.
    ///
    /// - Throws: ``GraphvizError/notInstalled(_:)`` when the program cannot be found,
    ///   ``GraphvizError/failed(status:message:)`` when it rejects the input, and the other cases when it runs
    ///   too long, writes too much, dies, or the task is cancelled.
    public func render(dot: String, format: Format) async throws(GraphvizError) -> Data {
        let program = try locate()
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kubecapwatch-graphviz-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("graph.dot")
        do {
            // Private: the picture names every pod, claim and volume drawn.
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            try Data(dot.utf8).write(to: input)
        } catch {
            throw .io("cannot prepare \(directory.path): \(error.localizedDescription)")
        }
        let process = BoundedProcess(executable: program, arguments: [program, "-T\(format.rawValue)", input.path],
                                     environment: ProcessInfo.processInfo.environment, timeout: timeout,
                                     outputLimit: outputLimit)
        let result = await CancellationFlag.offloading { flag in
            Result { () throws(POSIXError) in try process.run { flag.isCancelled } }
        }
        switch result {
        case .success(let outcome): return try image(from: outcome)
        case .failure(let error): throw .io("cannot run \(program): \(String(cString: strerror(error.code.rawValue)))")
        }
    }

    /// The image, or why there is none.
    private func image(from outcome: BoundedProcess.Outcome) throws(GraphvizError) -> Data {
        let message = String(decoding: outcome.standardError, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        switch outcome.interruption {
        case .timedOut?: throw .timedOut(timeout)
        case .cancelled?: throw .cancelled
        case nil: break
        }
        switch outcome.termination {
        case .signalled(let signal): throw .killed(signal: signal, message: message)
        case .exited(let status) where status != 0: throw .failed(status: status, message: message)
        case .exited: break
        }
        if outcome.outputTruncated { throw .tooLarge(limit: outputLimit) }
        guard !outcome.standardOutput.isEmpty else {
            throw .failed(status: 0, message: message.isEmpty ? "dot wrote no output" : message)
        }
        return outcome.standardOutput
    }

    /// The program's path: `executable` itself when it contains a `/`, else the first match on the path.
    func locate() throws(GraphvizError) -> String {
        if executable.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: executable) else { throw .notInstalled(executable) }
            return executable
        }
        let path = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(executable)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw .notInstalled(executable)
    }
}
