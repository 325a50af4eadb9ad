import CurlTransport
import Foundation

extension EmailNotifier {
    /// `[email]` settings; field names follow the ini keys.
    ///
    /// `description`, `debugDescription` and reflection hide the password.
    public struct Configuration: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
        CustomReflectable {
        /// `starttls = auto|required|off`.
        public enum StartTLS: String, Sendable, CaseIterable {
            /// The default: ``required``, except to a loopback host (`localhost`, 127.0.0.0/8, `::1`), where
            /// STARTTLS is used when the server offers it and plain SMTP otherwise, as KubeCapWatch sent mail to
            /// its local relay. Nothing crosses a network there, and a local relay's certificate (Debian's
            /// snakeoil) is rarely one the system trusts, so it is checked only against `ca_file` when given.
            case auto
            /// Upgrade `smtp://` with STARTTLS or fail.
            case required
            /// Plain SMTP: allowed only when said explicitly, and then credentials only to a loopback host.
            case off
        }

        /// `smtp_url`: `smtp://host:587` (STARTTLS) or `smtps://host:465` (TLS from the first byte).
        public var smtpURL: String
        public var starttls: StartTLS
        public var username: String?
        /// Secret: never logged, never part of an error or a description.
        public var password: String?
        public var from: String
        public var to: [String]
        /// Put before every subject, e.g. `[kubecapwatch]`; may be empty.
        public var subjectPrefix: String
        /// `ca_file`: PEM bundle to trust instead of the system store, for private mail servers.
        public var caFile: String?
        /// Whole SMTP conversation limit.
        public var timeout: Duration

        public init(smtpURL: String, starttls: StartTLS = .auto, username: String? = nil,
                    password: String? = nil, from: String, to: [String],
                    subjectPrefix: String = "[kubecapwatch]", caFile: String? = nil,
                    timeout: Duration = .seconds(30)) {
            self.smtpURL = smtpURL
            self.starttls = starttls
            self.username = username
            self.password = password
            self.from = from
            self.to = to
            self.subjectPrefix = subjectPrefix
            self.caFile = caFile
            self.timeout = timeout
        }

        public var description: String {
            var parts = ["smtp_url=\(smtpURL)", "starttls=\(starttls.rawValue)"]
            if let username { parts.append("username=\(username)") }
            if password != nil { parts.append("password=<redacted>") }
            parts += ["from=\(from)", "to=\(to.joined(separator: ","))", "subject_prefix=\(subjectPrefix)"]
            if let caFile { parts.append("ca_file=\(caFile)") }
            parts.append("timeout=\(timeout.secondsText)")
            return "EmailNotifier.Configuration(\(parts.joined(separator: " ")))"
        }

        public var debugDescription: String { description }

        public var customMirror: Mirror {
            Mirror(self, children: ["description": description], displayStyle: .struct)
        }

        /// The checked form, or a configuration error naming the key at fault.
        func validated(notifier: String) throws(NotifierError) -> Validated {
            func fail(_ key: String, _ message: String) -> NotifierError {
                NotifierError(notifier: notifier, reason: .configuration, key: key, message: message)
            }
            guard let components = URLComponents(string: smtpURL), let scheme = components.scheme?.lowercased(),
                  ["smtp", "smtps"].contains(scheme), let host = components.host, !host.isEmpty else {
                throw fail("smtp_url", "expected smtp://host:587 or smtps://host:465")
            }
            guard components.user == nil, components.password == nil else {
                throw fail("smtp_url", "put credentials in username and password, not in the URL")
            }
            let loopback = LoopbackHost.contains(host)
            let security: SMTPSettings.Security = switch (scheme == "smtps", starttls, loopback) {
            case (true, _, _), (false, .required, _), (false, .auto, false): .required
            case (false, .auto, true): .opportunistic(verify: caFile != nil)
            case (false, .off, _): .none
            }
            if security != .required && !loopback && (username != nil || password != nil) {
                throw fail("starttls", "is off, so the password would cross the network in clear: AUTH is only sent "
                           + "over TLS or to a loopback host. Use starttls = required, an smtps:// URL, or remove username")
            }
            // Recipients first: `from` defaults to the first of them, so a bad one is reported where it is written.
            guard !to.isEmpty else { throw fail("to", "at least one recipient is needed") }
            var recipients: [EmailAddress] = []
            for entry in to {
                guard let address = EmailAddress(entry) else { throw fail("to", "not a mail address: \(entry)") }
                recipients.append(address)
            }
            guard let sender = EmailAddress(from) else { throw fail("from", "not a single mail address: \(from)") }
            if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
                throw NotifierError(notifier: notifier, reason: .unavailable, key: "ca_file", message: "cannot read \(caFile)")
            }
            let settings = SMTPSettings(
                url: smtpURL, security: security, username: username,
                password: password, caFile: caFile, timeout: timeout)
            return Validated(settings: settings, from: sender, to: recipients, host: host)
        }

        struct Validated: Sendable {
            var settings: SMTPSettings
            var from: EmailAddress
            var to: [EmailAddress]
            var host: String
        }
    }
}
