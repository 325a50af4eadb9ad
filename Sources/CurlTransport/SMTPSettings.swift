/// Where and how an ``SMTPSession`` sends mail.
///
/// Reflection shows no password (see the `CustomReflectable` conformance).
public struct SMTPSettings: Sendable, CustomReflectable {
    /// How the conversation is protected.
    public enum Security: Sendable, Equatable {
        /// TLS or nothing: `smtps://`, or STARTTLS that must succeed.
        case required
        /// STARTTLS when the server offers it, plain SMTP otherwise; the certificate is checked only when
        /// `verify` is true. Meant for a loopback relay, whose certificate is rarely one anything trusts.
        case opportunistic(verify: Bool)
        /// Plain SMTP.
        case none
    }

    /// `smtp://host:587` or `smtps://host:465`.
    public var url: String
    public var security: Security
    public var username: String?
    /// Secret: never part of a message or a description.
    public var password: String?
    /// PEM bundle to trust instead of the system store.
    public var caFile: String?
    /// Limit for one whole transaction (connect, TLS, login, message); the connect alone gets at most 10 s.
    public var timeout: Duration

    public init(url: String, security: Security, username: String? = nil, password: String? = nil,
                caFile: String? = nil, timeout: Duration) {
        self.url = url
        self.security = security
        self.username = username
        self.password = password
        self.caFile = caFile
        self.timeout = timeout
    }

    public var customMirror: Mirror {
        Mirror(self, children: ["url": url, "security": security, "username": username as Any,
                                "password": password == nil ? "none" : "<redacted>"], displayStyle: .struct)
    }
}
