import Foundation
import CurlTransport

extension SlackNotifier {
    /// `[slack]` settings; field names follow the ini keys.
    ///
    /// The webhook URL is a secret (its path is the credential): `description`, reflection and every
    /// error show only its host.
    public struct Configuration: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
        CustomReflectable {
        /// `webhook_url`: `https://hooks.slack.com/services/T…/B…/…`.
        public var webhookURL: String
        /// `channel`: overrides the webhook's default channel where the webhook allows it.
        public var channel: String?
        public var username: String?
        /// `icon_emoji`, e.g. `:rotating_light:`.
        public var iconEmoji: String?
        /// `mention`: `<!here>`, `<!channel>`, `<@U123>` or `<!subteam^S123>`; only in firing messages.
        public var mention: String?
        /// One HTTP request's limit.
        public var timeout: Duration
        /// PEM bundle to trust instead of the system store (a TLS-inspecting proxy, or tests).
        public var caFile: String?
        /// Shortest time between two messages to this webhook; Slack allows about one a second.
        public var minimumInterval: Duration

        public init(webhookURL: String, channel: String? = nil, username: String? = nil, iconEmoji: String? = nil,
                    mention: String? = nil, timeout: Duration = .seconds(10), caFile: String? = nil,
                    minimumInterval: Duration = .seconds(1)) {
            self.webhookURL = webhookURL
            self.channel = channel
            self.username = username
            self.iconEmoji = iconEmoji
            self.mention = mention
            self.timeout = timeout
            self.caFile = caFile
            self.minimumInterval = minimumInterval
        }

        /// The webhook's host, the only part of it that may be shown.
        public var webhookHost: String { URLComponents(string: webhookURL)?.host ?? "<invalid URL>" }

        public var description: String {
            let scheme = URLComponents(string: webhookURL)?.scheme ?? "https"
            var parts = ["webhook_url=\(scheme)://\(webhookHost)/<redacted>"]
            if let channel { parts.append("channel=\(channel)") }
            if let username { parts.append("username=\(username)") }
            if let iconEmoji { parts.append("icon_emoji=\(iconEmoji)") }
            if let mention { parts.append("mention=\(mention)") }
            parts.append("timeout=\(timeout.secondsText)")
            if let caFile { parts.append("ca_file=\(caFile)") }
            return "SlackNotifier.Configuration(\(parts.joined(separator: " ")))"
        }

        public var debugDescription: String { description }

        public var customMirror: Mirror {
            Mirror(self, children: ["description": description], displayStyle: .struct)
        }

        func validate(notifier: String) throws(NotifierError) {
            func fail(_ key: String, _ message: String) -> NotifierError {
                NotifierError(notifier: notifier, reason: .configuration, key: key, message: message)
            }
            if let problem = Self.webhookProblem(webhookURL) { throw fail("webhook_url", problem) }
            if let mention, mention.range(of: #"^(<[!@#][^<>\s]+>)( <[!@#][^<>\s]+>)*$"#, options: .regularExpression) == nil {
                throw fail("mention", "expected <!here>, <!channel>, <@USERID> or <!subteam^ID>, got \(mention)")
            }
            for (key, value) in [("channel", channel), ("username", username), ("icon_emoji", iconEmoji)] {
                if let value, value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    throw fail(key, "control characters are not allowed")
                }
            }
            if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
                throw NotifierError(notifier: notifier, reason: .unavailable, key: "ca_file", message: "cannot read \(caFile)")
            }
        }

        /// Why `url` is not a usable webhook, nil when it is: `https://`, or `http://` to a loopback host (a
        /// local relay; nothing crosses a network in clear). Names the host, never the path (the secret).
        public static func webhookProblem(_ url: String) -> String? {
            guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
                  let host = components.host, !host.isEmpty else {
                return "expected an https:// incoming-webhook URL"
            }
            switch scheme {
            case "https": return nil
            case "http" where LoopbackHost.contains(host): return nil
            case "http":
                return "http:// is allowed only to a loopback host (localhost, 127.0.0.0/8, ::1), not \(host): use https://"
            default: return "expected an https:// incoming-webhook URL, not \(scheme)://"
            }
        }
    }
}
