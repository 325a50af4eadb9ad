import Foundation

/// A Python test server under `Tests/Servers` run as a child process for the notifier tests.
///
/// The server prints one JSON line when it listens and exits when its stdin closes, so a test
/// run that crashes leaves no server behind. Internal on purpose: a shared process helper for all
/// launchers may replace it.
final class NotifierServerProcess: @unchecked Sendable {
    /// The ready line: port and CA file of the generated certificate.
    struct Ready: Decodable {
        var port: Int
        var ca: String
    }

    let ready: Ready
    let folder: URL
    private let process: Process
    private let stdin: Pipe

    /// Starts `Tests/Servers/<script>` with `--dir <fresh temporary folder>` plus `arguments`.
    init(script: String, arguments: [String]) throws {
        folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("kcw-\(URL(fileURLWithPath: script).deletingPathExtension().lastPathComponent)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Servers/\(script)").standardized.path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path, "--dir", folder.path] + arguments
        stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        let log = folder.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        let line = try NotifierServerProcess.firstLine(stdout.fileHandleForReading, log: log)
        ready = try JSONDecoder().decode(Ready.self, from: Data(line.utf8))
    }

    deinit {
        try? stdin.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    private static func firstLine(_ handle: FileHandle, log: URL) throws -> String {
        var buffer = Data()
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty {
                let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                throw CocoaError(.fileReadUnknown, userInfo: [NSDebugDescriptionErrorKey: "test server exited early: \(output)"])
            }
            buffer.append(chunk)
        }
        return String(decoding: buffer, as: UTF8.self).components(separatedBy: "\n")[0]
    }
}
