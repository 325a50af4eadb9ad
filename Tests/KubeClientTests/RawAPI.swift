import CurlTransport
import Foundation
import Synchronization
import TestSupport

/// Plain HTTPS requests to the test API server with its CA and bearer token: the API as any client sees it,
/// without the KubeClient in between.
struct RawAPI {
    /// One answer, with its body decoded as a JSON object when it is one.
    struct Reply {
        var status: Int
        var body: Data
        var headers: HTTPHeaders

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
        /// `metadata.resourceVersion` of the object answered.
        var resourceVersion: String { (json["metadata"] as? [String: Any])?["resourceVersion"] as? String ?? "" }
        var message: String { json["message"] as? String ?? "" }
        var reason: String { json["reason"] as? String ?? "" }
    }

    let server: TestAPIServer
    private let session: CurlSession

    init(_ server: TestAPIServer) {
        self.server = server
        let tls = TLSOptions(certificateAuthority: .file(server.caPath))
        session = CurlSession(configuration: CurlSessionConfiguration(timeout: .seconds(60), tls: tls))
    }

    func send(_ method: String, _ path: String, json: Any? = nil, body: Data? = nil,
              contentType: String = "application/json", token: String? = nil) async throws -> Reply {
        var headers: HTTPHeaders = ["Authorization": "Bearer \(token ?? server.token)", "Accept": "application/json"]
        var payload = body
        if let json {
            payload = try JSONSerialization.data(withJSONObject: json)
        }
        if payload != nil {
            headers.set("Content-Type", contentType)
        }
        let response = try await session.send(HTTPRequest(method: method, url: server.url.absoluteString + path,
                                                          headers: headers, body: payload))
        return Reply(status: response.status, body: response.body, headers: response.head.headers)
    }

    func get(_ path: String) async throws -> Reply { try await send("GET", path) }

    /// One watch event as received.
    struct Event: Sendable {
        var raw: Data

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: raw)) as? [String: Any] ?? [:] }
        var type: String { json["type"] as? String ?? "" }
        var object: [String: Any] { json["object"] as? [String: Any] ?? [:] }
    }

    /// Watch events from `path` (a list path; `watch=1` is added) until `enough` says the events so far are
    /// enough; the server ends the stream after `timeoutSeconds` at the latest.
    func watch(_ path: String, timeoutSeconds: Int = 60,
               until enough: @escaping @Sendable ([Event]) -> Bool) async throws -> [Event] {
        struct Enough: Error {}
        let buffer = Mutex<(pending: Data, events: [Event])>((Data(), []))
        let separator = path.contains("?") ? "&" : "?"
        let request = HTTPRequest(url: server.url.absoluteString + path + separator
                                  + "watch=1&timeoutSeconds=\(timeoutSeconds)",
                                  headers: ["Authorization": "Bearer \(server.token)"], timeout: .zero)
        do {
            try await session.send(request) { _, chunk in
                let done = buffer.withLock { state -> Bool in
                    state.pending.append(contentsOf: chunk)
                    while let newline = state.pending.firstIndex(of: UInt8(ascii: "\n")) {
                        state.events.append(Event(raw: Data(state.pending[state.pending.startIndex..<newline])))
                        state.pending = Data(state.pending[(newline + 1)...])
                    }
                    return enough(state.events)
                }
                if done { throw Enough() }
            }
        } catch is Enough {}
        return buffer.withLock { $0.events }
    }
}

extension [String: Any] {
    /// The value at a dotted path (`metadata.name`), nil when any step is missing.
    subscript(path path: String) -> Any? {
        var current: Any? = self
        for key in path.split(separator: ".") {
            current = (current as? [String: Any])?[String(key)]
        }
        return current
    }
}
