import Alerting
import CurlTransport
import Foundation
import Synchronization

/// Posts notifications to a Slack incoming webhook: a `text` fallback plus Block Kit, coloured by state.
///
/// Success is HTTP 200 with body `ok` and nothing else. 429 is a rate limit (its `Retry-After` is passed
/// on to the dispatcher); 5xx and network failures are transient; 400, 403, 404 and 410 mean the webhook
/// or payload is wrong and are reported with Slack's error string (`invalid_payload`, `no_service`,
/// `channel_is_archived`, `action_prohibited`…). A notification that needs several messages remembers
/// how many went out, so a retry continues where it stopped instead of repeating them.
public final class SlackNotifier: Notifier {
    public let name: String
    public let minimumInterval: Duration
    private let configuration: Configuration
    private let session: CurlSession
    private let builder: SlackMessageBuilder
    /// Messages already accepted, by notification id; in memory only.
    private let sentParts = Mutex<[String: Int]>([:])

    /// Checks the configuration now, so mistakes surface at start-up.
    public init(name: String = "slack", configuration: Configuration) throws(NotifierError) {
        try configuration.validate(notifier: name)
        self.name = name
        self.configuration = configuration
        self.minimumInterval = configuration.minimumInterval
        self.builder = SlackMessageBuilder(configuration: configuration)
        let tls = TLSOptions(certificateAuthority: configuration.caFile.map(PEMSource.file))
        self.session = CurlSession(configuration: CurlSessionConfiguration(
            connectTimeout: min(configuration.timeout, .seconds(10)), timeout: configuration.timeout, tls: tls,
            maxIdleHandles: 1, userAgent: "kubecapwatch"))
    }

    /// The payloads `deliver` would post, for tests and `notify-test --dry-run`-style inspection.
    public func payloads(for notification: AlertNotification) -> [Data] {
        builder.payloads(for: notification).compactMap { try? JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys, .withoutEscapingSlashes]) }
    }

    public func deliver(_ notification: AlertNotification) async throws(NotifierError) {
        let payloads = payloads(for: notification)
        let done = sentParts.withLock { $0[notification.id] ?? 0 }
        for index in payloads.indices where index >= done {
            if index > done { try? await Task.sleep(for: minimumInterval) }
            try await post(payloads[index])
            sentParts.withLock { table in
                table[notification.id] = index + 1
                if table.count > 64, let any = table.keys.first(where: { $0 != notification.id }) { table.removeValue(forKey: any) }
            }
        }
        _ = sentParts.withLock { $0.removeValue(forKey: notification.id) }
    }

    private func post(_ body: Data) async throws(NotifierError) {
        let request = HTTPRequest(method: "POST", url: configuration.webhookURL,
                                  headers: ["Content-Type": "application/json; charset=utf-8"], body: body)
        let response: HTTPResponse
        do {
            response = try await session.send(request)
        } catch let error as CurlTransportError {
            throw transportError(error)
        } catch {
            throw NotifierError(notifier: name, reason: .connection, message: "\(host): request failed")
        }
        try check(response)
    }

    private var host: String { configuration.webhookHost }

    private func check(_ response: HTTPResponse) throws(NotifierError) {
        let answer = String(response.text.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
        let shown = AlertText.singleLine(answer.isEmpty ? "(empty body)" : answer)
        let status = response.status
        switch status {
        case 200 where answer == "ok":
            return
        case 200:
            throw NotifierError(notifier: name, reason: .rejected("unexpected answer"),
                                message: "\(host) answered 200 but not \"ok\": \(shown)")
        case 429:
            let wait = response.head.retryAfter()
            throw NotifierError(notifier: name, reason: .rateLimited(retryAfter: wait),
                                message: "\(host) answered 429, retry after \(wait.map(\.secondsText) ?? "an unspecified time")")
        case 500...599:
            throw NotifierError(notifier: name, reason: .serverError(status), message: "\(host) answered \(status): \(shown)")
        default:
            throw NotifierError(notifier: name, reason: .rejected(shown),
                                message: "\(host) answered \(status) \(shown): check webhook_url, channel and the app's settings")
        }
    }

    /// Keeps libcurl's explanation but never the webhook path, which is the secret.
    private func transportError(_ error: CurlTransportError) -> NotifierError {
        var reason = error.reason
        if let path = URLComponents(string: configuration.webhookURL)?.path, path.count > 1 {
            reason = reason.replacingOccurrences(of: path, with: "/<redacted>")
        }
        let message = "\(host): \(error.kind.rawValue)" + (reason.isEmpty ? "" : " (\(reason))")
        switch error.kind {
        case .tls: return NotifierError(notifier: name, reason: .tlsUnavailable, message: message)
        case .invalidRequest: return NotifierError(notifier: name, reason: .configuration, message: message)
        default: return NotifierError(notifier: name, reason: .connection, message: message)
        }
    }
}

extension SlackNotifier: CustomStringConvertible, CustomReflectable {
    /// Name and webhook host only: the webhook path is the secret.
    public var description: String { "SlackNotifier(\(name) via \(host))" }

    public var customMirror: Mirror { Mirror(self, children: ["description": description], displayStyle: .class) }
}
