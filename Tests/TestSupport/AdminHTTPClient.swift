import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Calls a test server's plain-HTTP control API on 127.0.0.1.
///
/// Plain HTTP on purpose: URLSession on Linux cannot be told to trust a per-test CA, and the control API needs
/// no protection on the loopback interface.
struct AdminHTTPClient: Sendable {
    let base: URL

    /// Sends one request and returns the body of a 2xx answer; anything else throws with the server's message.
    func send(_ method: String, _ pathAndQuery: String, body: Data? = nil) async throws -> Data {
        let (status, data) = try await exchange(method, pathAndQuery, body: body)
        guard (200..<300).contains(status) else {
            let text = String(decoding: data, as: UTF8.self)
            throw ServerProcessError("test server control API \(method) \(pathAndQuery) answered \(status): \(text)")
        }
        return data
    }

    /// Sends one request and returns the status and body, whatever the status.
    func exchange(_ method: String, _ pathAndQuery: String, body: Data? = nil) async throws -> (Int, Data) {
        guard let url = URL(string: pathAndQuery, relativeTo: base) else {
            throw ServerProcessError("bad admin path \(pathAndQuery)")
        }
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: 300)
        request.httpMethod = method
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await Self.session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    private static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.connectionProxyDictionary = [:]
        configuration.timeoutIntervalForResource = 600
        return URLSession(configuration: configuration)
    }()
}
