/// Why a delivery failed, and whether trying again can help.
///
/// Messages never contain secrets: no passwords, no webhook paths, only hosts and the service's own
/// error strings.
public struct NotifierError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The class of failure.
    public enum Reason: Sendable, Equatable {
        /// The notifier's settings are wrong or unsafe (for example credentials without TLS).
        case configuration
        /// Something the notifier needs is missing now though its settings are right (a secret or CA file
        /// that cannot be read, a log file's folder that is gone). Retrying at once cannot help, but it can be
        /// fixed without a configuration change: the dispatcher tries again before the next notification.
        case unavailable
        /// The service refused the message for a reason a retry cannot change; carries the
        /// service's own error string (Slack `invalid_payload`, `no_service`, `channel_is_archived`…).
        case rejected(String)
        /// The mail server refused the credentials.
        case authenticationFailed
        /// TLS was required but the server does not offer STARTTLS, or the handshake failed.
        case tlsUnavailable
        /// The mail server refused these recipients; the others (if any) received the message.
        case recipientsRejected([String])
        /// The service asked us to slow down; wait at least `retryAfter` when given.
        case rateLimited(retryAfter: Duration?)
        /// The service failed on its side (HTTP 5xx, SMTP 4xx).
        case serverError(Int)
        /// No connection, or it broke, or it timed out.
        case connection
    }

    /// The notifier that failed.
    public var notifier: String
    public var reason: Reason
    /// One line for people, free of secrets.
    public var message: String
    /// The setting at fault (`webhook_url`, `ca_file`…) when the reason is in the configuration, so the
    /// configuration check can point at its line.
    public var key: String?

    public init(notifier: String, reason: Reason, key: String? = nil, message: String) {
        self.notifier = notifier
        self.reason = reason
        self.key = key
        self.message = message
    }

    /// True when retrying by the clock cannot help, only a change of the configuration, of the service's
    /// settings or of a file: the dispatcher parks the notification and tries again before the next one.
    public var isPermanent: Bool {
        switch reason {
        case .configuration, .unavailable, .rejected, .authenticationFailed, .tlsUnavailable, .recipientsRejected: true
        case .rateLimited, .serverError, .connection: false
        }
    }

    /// The wait the service asked for, if any.
    public var retryAfter: Duration? {
        if case .rateLimited(let wait) = reason { return wait }
        return nil
    }

    /// `slack: rejected (channel_is_archived): hooks.slack.com answered 410`.
    public var description: String { "\(notifier): \(summary)" }

    /// The description without the notifier's name: `rejected (no_service): 127.0.0.1 answered 404 …`.
    public var summary: String { "\(reasonText): " + (key.map { "\($0): " } ?? "") + message }

    private var reasonText: String {
        switch reason {
        case .configuration: "configuration error"
        case .unavailable: "unavailable"
        case .rejected(let code): "rejected (\(code))"
        case .authenticationFailed: "authentication failed"
        case .tlsUnavailable: "TLS unavailable"
        case .recipientsRejected(let addresses): "recipients rejected (\(addresses.joined(separator: ", ")))"
        case .rateLimited: "rate limited"
        case .serverError(let code): "server error \(code)"
        case .connection: "connection failed"
        }
    }
}
