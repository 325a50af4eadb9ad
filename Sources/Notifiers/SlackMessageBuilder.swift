import Alerting
import Foundation

/// Turns a notification into one or more incoming-webhook payloads within Slack's limits:
/// at most 50 blocks a message, 3,000 characters a section text, 40,000 characters of `text`.
///
/// Alerts are grouped by state into attachments coloured red (firing), orange (reminder) and green
/// (resolved); each attachment holds section blocks of alert lines. When a limit would be crossed the
/// message is closed and the next one continues, so no alert line is ever cut or dropped.
struct SlackMessageBuilder {
    var configuration: SlackNotifier.Configuration

    static let maxBlocks = 50
    static let maxSectionCharacters = 3_000
    static let maxTextCharacters = 40_000

    /// The payloads in sending order, as JSON-ready dictionaries.
    func payloads(for notification: AlertNotification) -> [[String: Any]] {
        var drafts: [Draft] = [Draft()]
        for (state, alerts) in groups(notification) where !alerts.isEmpty {
            let lines = alerts.map { SlackMessageBuilder.line($0, at: notification.createdAt) }
            let title = "*\(state.label)* (\(alerts.count))"
            for section in sections(title: title, lines: lines) {
                if !drafts[drafts.count - 1].canAdd(section) { drafts.append(Draft()) }
                drafts[drafts.count - 1].add(section, state: state)
            }
        }
        return drafts.enumerated().map { index, draft in
            payload(draft, part: index + 1, of: drafts.count, notification: notification)
        }
    }

    /// `*FIRING* `node/node-a` cpu_requests *91.25%* > 80% (3650m of 4000m allocatable) cluster=prod for 15m`,
    /// with cluster-derived text escaped.
    static func line(_ alert: Alert, at now: Date) -> String {
        let escape = SlackMessageBuilder.escape
        var text = "`\(escape(alert.key.object.description).replacingOccurrences(of: "`", with: "'"))` \(alert.key.measure.rawValue)"
        if let comparison = AlertText.comparison(alert) { text += " \(escape(comparison))" }
        text += " cluster=\(escape(alert.key.cluster)) \(AlertText.duration(alert, at: now))"
        if alert.state == .reminder, alert.reminder > 0 { text += " reminder=\(alert.reminder)" }
        if let detail = alert.detail, !detail.isEmpty { text += ": \(escape(detail))" }
        return AlertText.singleLine(text)
    }

    /// Slack's three control characters; everything else passes as typed.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Section texts of at most 3,000 characters, the title leading the first. A single line longer
    /// than a section (a huge detail) is cut with an ellipsis: the only place text is shortened.
    private func sections(title: String, lines: [String]) -> [String] {
        let limit = SlackMessageBuilder.maxSectionCharacters
        var sections: [String] = []
        var current = title
        for line in lines {
            let fitted = line.count > limit - 1 ? String(line.prefix(limit - 2)) + "…" : line
            if current.count + 1 + fitted.count > limit {
                sections.append(current)
                current = fitted
            } else {
                current += current.isEmpty ? fitted : "\n" + fitted
            }
        }
        if !current.isEmpty { sections.append(current) }
        return sections
    }

    private func groups(_ notification: AlertNotification) -> [(AlertState, [Alert])] {
        [(.firing, notification.firing), (.reminder, notification.reminders), (.resolved, notification.resolved)]
    }

    private func payload(_ draft: Draft, part: Int, of parts: Int, notification: AlertNotification) -> [String: Any] {
        let escape = SlackMessageBuilder.escape
        var summary = "\(notification.isTest ? "TEST: " : "")kubecapwatch *\(escape(notification.cluster))*: \(AlertText.counts(notification))"
        if parts > 1 { summary += " (part \(part) of \(parts))" }
        if part == 1, !notification.firing.isEmpty, let mention = configuration.mention { summary = mention + " " + summary }
        var payload: [String: Any] = [
            "text": draft.fallback(summary: summary),
            "blocks": [["type": "section", "text": ["type": "mrkdwn", "text": summary]]],
            "attachments": draft.attachments.map { attachment -> [String: Any] in
                ["color": SlackMessageBuilder.colour(attachment.state),
                 "blocks": attachment.sections.map { ["type": "section", "text": ["type": "mrkdwn", "text": $0]] }]
            },
        ]
        if let channel = configuration.channel { payload["channel"] = channel }
        if let username = configuration.username { payload["username"] = username }
        if let iconEmoji = configuration.iconEmoji { payload["icon_emoji"] = iconEmoji }
        return payload
    }

    static func colour(_ state: AlertState) -> String {
        switch state {
        case .firing: "#E01E5A"
        case .reminder: "#F2952F"
        case .resolved: "#2EB67D"
        }
    }

    /// One message being filled: its attachments and the length its `text` will have.
    private struct Draft {
        var attachments: [(state: AlertState, sections: [String])] = []
        /// One block is the summary section at the top.
        var blockCount = 1
        /// Room kept for the summary line and the ellipsis line in `text`.
        var textLength = 500

        func canAdd(_ section: String) -> Bool {
            blockCount + 1 <= SlackMessageBuilder.maxBlocks
                && textLength + section.count + 1 <= SlackMessageBuilder.maxTextCharacters
        }

        mutating func add(_ section: String, state: AlertState) {
            if attachments.last?.state == state {
                attachments[attachments.count - 1].sections.append(section)
            } else {
                attachments.append((state, [section]))
            }
            blockCount += 1
            textLength += section.count + 1
        }

        /// The plain fallback: the summary, then every section of this message.
        func fallback(summary: String) -> String {
            ([summary] + attachments.flatMap(\.sections)).joined(separator: "\n")
        }
    }
}
