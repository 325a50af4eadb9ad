import Foundation

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
            var parts = ["webhook_url=https://\(webhookHost)/<redacted>"]
            if let channel { parts.append("channel=\(channel)") }
            if let username { parts.append("username=\(username)") }
            if let iconEmoji { parts.append("icon_emoji=\(iconEmoji)") }
            if let mention { parts.append("mention=\(mention)") }
            parts.append("timeout=\(timeout.seconds.formatted2)s")
            if let caFile { parts.append("ca_file=\(caFile)") }
            return "SlackNotifier.Configuration(\(parts.joined(separator: " ")))"
        }

        public var debugDescription: String { description }

        public var customMirror: Mirror {
            Mirror(self, children: ["description": description], displayStyle: .struct)
        }

        func validate(notifier: String) throws(NotifierError) {
            func fail(_ message: String) -> NotifierError {
                NotifierError(notifier: notifier, reason: .configuration, message: message)
            }
            guard let components = URLComponents(string: webhookURL), components.scheme?.lowercased() == "https",
                  let host = components.host, !host.isEmpty else {
                throw fail("webhook_url: expected an https:// incoming-webhook URL")
            }
            if let mention, mention.range(of: #"^(<[!@#][^<>\s]+>)( <[!@#][^<>\s]+>)*$"#, options: .regularExpression) == nil {
                throw fail("mention: expected <!here>, <!channel>, <@USERID> or <!subteam^ID>, got \(mention)")
            }
            if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
                throw fail("ca_file: cannot read \(caFile)")
            }
            for (key, value) in [("channel", channel), ("username", username), ("icon_emoji", iconEmoji)] {
                if let value, value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    throw fail("\(key): control characters are not allowed")
                }
            }
        }
    }
}
