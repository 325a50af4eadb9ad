import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport

/// A plain-HTTP client for `run`'s HTTP service, as `curl` would use it.
struct ServiceClient: Sendable {
    struct Reply: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data
        var text: String { String(decoding: body, as: UTF8.self) }
        /// The body as a JSON object (empty when it is not one).
        var object: [String: Any] { ((try? JSONSerialization.jsonObject(with: body)) as? [String: Any]) ?? [:] }
        func header(_ name: String) -> String? {
            headers.first { $0.key.lowercased() == name.lowercased() }?.value
        }
    }

    /// `http://127.0.0.1:PORT`.
    let base: String

    func get(_ path: String, headers: [String: String] = [:]) async throws -> Reply {
        try await send("GET", path, headers: headers)
    }

    func send(_ method: String, _ path: String, headers: [String: String] = [:]) async throws -> Reply {
        guard let url = URL(string: base + path) else { throw ServerProcessError("bad URL \(base + path)") }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: 60)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await Self.session.data(for: request)
        let http = response as? HTTPURLResponse
        var fields: [String: String] = [:]
        for (key, value) in http?.allHeaderFields ?? [:] { fields["\(key)"] = "\(value)" }
        return Reply(status: http?.statusCode ?? 0, headers: fields, body: data)
    }

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.connectionProxyDictionary = [:]
        configuration.httpMaximumConnectionsPerHost = 4
        return URLSession(configuration: configuration)
    }()
}

extension RunningBinary {
    /// The HTTP service's base URL from its "listening on" log line, once it is written (nil if the process
    /// ended or `timeout` passed first).
    func serviceClient(timeout: TimeInterval = 30) async -> ServiceClient? {
        let found = await eventually(timeout: timeout) { listeningURL != nil }
        return found ? listeningURL.map(ServiceClient.init(base:)) : nil
    }

    private var listeningURL: String? {
        guard let line = standardError.split(separator: "\n").first(where: { $0.contains("HTTP service listening on ") }),
              let range = line.range(of: "listening on ") else { return nil }
        return line[range.upperBound...].split(separator: " ").first.map(String.init)
    }
}
