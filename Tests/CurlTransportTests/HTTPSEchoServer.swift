import Foundation

/// Starts `Tests/Servers/httpsecho/httpsecho.py` on 127.0.0.1 and stops it when released.
///
/// The server generates its own CA, server and client certificates into a temporary folder; the
/// paths and the port arrive as one JSON line on its stdout.
final class HTTPSEchoServer {
    struct Info: Decodable {
        var port: Int
        var proxyPort: Int?
        var ca: String
        var clientCert: String
        var clientKey: String
    }

    let info: Info
    let folder: URL
    private let process: Process
    private let stdin: Pipe

    /// - Parameters:
    ///   - sans: server certificate names, e.g. `DNS:api.kcw.test`.
    ///   - requireClientCert: reject handshakes without a certificate signed by the test CA.
    ///   - proxy: also run a CONNECT proxy on another port.
    init(sans: String? = nil, requireClientCert: Bool = false, proxy: Bool = false) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("httpsecho-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../Servers/httpsecho/httpsecho.py").standardized
        var arguments = [script.path, "--dir", folder.path]
        if let sans { arguments += ["--san", sans] }
        if requireClientCert { arguments.append("--require-client-cert") }
        if proxy { arguments.append("--proxy") }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: Self.logFile(in: folder))
        try process.run()
        let line = try Self.readLine(stdout.fileHandleForReading)
        info = try JSONDecoder().decode(Info.self, from: Data(line.utf8))
    }

    deinit {
        process.terminate()
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: folder)
    }

    /// `https://127.0.0.1:PORT` + `path`.
    func url(_ path: String = "/echo") -> String { "https://127.0.0.1:\(info.port)\(path)" }

    /// The CA certificate in memory.
    var caPEM: Data { FileManager.default.contents(atPath: info.ca) ?? Data() }

    private static func logFile(in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent("server.log")
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        return url
    }

    private static func readLine(_ handle: FileHandle) throws -> String {
        var buffer = Data()
        while !buffer.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { throw CocoaError(.fileReadUnknown, userInfo: [NSDebugDescriptionErrorKey: "httpsecho exited early"]) }
            buffer.append(chunk)
        }
        return String(decoding: buffer, as: UTF8.self).components(separatedBy: "\n")[0]
    }
}

/// What the echo server saw.
struct Echo: Decodable {
    var method: String
    var path: String
    var query: String
    var headers: [[String]]
    var body: String
    var sni: String?
    var clientSubject: String?
    var clientPort: Int

    func header(_ name: String) -> String? {
        headers.first { $0.first?.lowercased() == name.lowercased() }?.last
    }

    init(_ data: Data) throws {
        self = try JSONDecoder().decode(Echo.self, from: data)
    }
}
