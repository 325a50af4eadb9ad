import Foundation

/// A local HTTPS endpoint that answers like Slack's incoming webhook (`Tests/Servers/slack`).
///
/// Answers are scripted (``script(_:default:)``) or chosen by path (`/hook/no_service`); every call
/// is recorded with the status it got. Trust ``caFile`` to reach it. Stopped when released.
public final class SlackTestReceiver: Sendable {
    /// One webhook call as the receiver saw it.
    public struct Call: Sendable, Decodable {
        public var path: String
        /// The request body (the JSON payload).
        public var body: String
        /// The status answered; 0 for a call left hanging.
        public var status: Int
        /// Why an "ok" answer became 400 (a Slack limit broken), nil otherwise.
        public var reason: String?
        /// Arrival time, seconds since 1970.
        public var time: Double

        /// The payload parsed as a JSON object, nil when it is not one.
        public var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        }
    }

    private let server: ServerProcess
    private let ready: NotifierServerReady

    /// Starts the receiver and returns once it accepts connections.
    public init() async throws {
        server = try await ServerProcess.start(script: "slack/slack_receiver.py") { ["--dir", $0.path] }
        ready = try JSONDecoder().decode(NotifierServerReady.self, from: server.readyData)
    }

    public var port: Int { ready.port }
    /// PEM file of the CA that signed the receiver's certificate.
    public var caFile: String { ready.ca }

    /// A webhook URL on this receiver; the default path looks like a real one (and is as secret).
    public func webhookURL(path: String = "/services/T0000TEST/B0000TEST/s3cr3tT0k3nXXXXXXXXXXXX") -> String {
        "https://127.0.0.1:\(port)\(path)"
    }

    /// The next answers, in order (`ok`, `invalid_payload`, `action_prohibited`, `no_service`,
    /// `channel_is_archived`, `429` or `429:SECONDS`, `500`, `hang`), then `default` for every later call.
    public func script(_ responses: [String], default fallback: String = "ok") throws {
        let data = try JSONSerialization.data(withJSONObject: ["responses": responses, "default": fallback])
        let temporary = server.stateDirectory.appendingPathComponent("script.json.tmp")
        try data.write(to: temporary)
        _ = rename(temporary.path, server.stateDirectory.appendingPathComponent("script.json").path)
    }

    /// Every webhook call so far, in arrival order.
    public func calls() throws -> [Call] {
        let file = server.stateDirectory.appendingPathComponent("received.jsonl")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Call.self, from: Data($0.utf8)) }
    }
}
