import Alerting
import Foundation

/// The one-line wording of an alert shared by console, Slack and email, so every channel says the same.
enum AlertText {
    /// `FIRING node/node-a cpu_requests 91.25% > 80% (3650m of 4000m allocatable) cluster=prod for 15m`.
    static func line(_ alert: Alert, at now: Date, isTest: Bool = false) -> String {
        var parts: [String] = []
        if isTest { parts.append("TEST") }
        parts.append(alert.state.label)
        parts.append(alert.key.object.description)
        parts.append(alert.key.measure.rawValue)
        if let comparison = comparison(alert) { parts.append(comparison) }
        parts.append("cluster=\(alert.key.cluster)")
        parts.append(duration(alert, at: now))
        if alert.state == .reminder, alert.reminder > 0 { parts.append("reminder=\(alert.reminder)") }
        var text = parts.joined(separator: " ")
        if let detail = alert.detail, !detail.isEmpty { text += ": \(detail)" }
        return singleLine(text)
    }

    /// `91.25% > 80% (3650m of 4000m allocatable)`, with `<=` once resolved; nil without figures.
    static func comparison(_ alert: Alert) -> String? {
        guard let figures = alert.figures else { return nil }
        let relation = figures.exceedsThreshold ? ">" : "<="
        return "\(percent(figures.percent)) \(relation) \(figures.threshold.formatted2)%"
            + " (\(figures.valueText) of \(figures.allocatableText) allocatable)"
    }

    /// `91.25%`: always two decimals, as the capacity report rounds.
    static func percent(_ value: Double) -> String { String(format: "%.2f%%", value) }

    /// `for 15m` while firing, `after 45m` once resolved.
    static func duration(_ alert: Alert, at now: Date) -> String {
        let span = humanDuration(now.timeIntervalSince(alert.firingSince))
        return alert.state == .resolved ? "after \(span)" : "for \(span)"
    }

    /// `45s`, `15m`, `2h5m`, `3d4h`: two units at most, enough for people.
    static func humanDuration(_ seconds: TimeInterval) -> String {
        let total = max(0, Int(seconds.rounded()))
        let days = total / 86_400, hours = total % 86_400 / 3_600, minutes = total % 3_600 / 60
        if days > 0 { return hours > 0 ? "\(days)d\(hours)h" : "\(days)d" }
        if hours > 0 { return minutes > 0 ? "\(hours)h\(minutes)m" : "\(hours)h" }
        if minutes > 0 { return "\(minutes)m" }
        return "\(total)s"
    }

    /// Control characters (CR, LF, ESC…) from cluster data become spaces, so one alert stays one line
    /// and cannot forge log lines or terminal escapes.
    static func singleLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0
        }))
    }

    /// `3 firing, 1 reminder, 2 resolved`, empty parts left out.
    static func counts(_ notification: AlertNotification) -> String {
        var parts: [String] = []
        if !notification.firing.isEmpty { parts.append("\(notification.firing.count) firing") }
        if !notification.reminders.isEmpty {
            parts.append("\(notification.reminders.count) reminder" + (notification.reminders.count == 1 ? "" : "s"))
        }
        if !notification.resolved.isEmpty { parts.append("\(notification.resolved.count) resolved") }
        return parts.isEmpty ? "no changes" : parts.joined(separator: ", ")
    }
}
