import Alerting
import Foundation

/// The complete RFC 5322 message for one notification: headers we set ourselves (libcurl adds none)
/// and a `multipart/alternative` body with a plain-text and an HTML part, CRLF throughout.
struct EmailMessage: Sendable {
    var from: EmailAddress
    var to: [EmailAddress]
    var subjectPrefix: String
    var notification: AlertNotification
    var date: Date
    /// Unique per message; the same value on every per-recipient retry of one notification.
    var messageID: String
    var boundary: String

    init(from: EmailAddress, to: [EmailAddress], subjectPrefix: String, notification: AlertNotification, date: Date) {
        self.from = from
        self.to = to
        self.subjectPrefix = subjectPrefix
        self.notification = notification
        self.date = date
        let unique = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        self.messageID = "<\(unique).\(notification.id)@\(from.domain)>"
        self.boundary = "=_kcw_\(unique)"
    }

    /// The message as sent in SMTP DATA.
    var rendered: String {
        var lines = headers.map { "\($0.name): \($0.value)" }
        lines.append("")
        lines.append("This is a multi-part message in MIME format.")
        lines.append("")
        lines.append("--\(boundary)")
        lines += part(type: "text/plain", body: plainText)
        lines.append("--\(boundary)")
        lines += part(type: "text/html", body: html)
        lines.append("--\(boundary)--")
        lines.append("")
        return lines.joined(separator: "\r\n")
    }

    var headers: [(name: String, value: String)] {
        [
            ("Date", EmailMessage.rfc5322Date(date)),
            ("Message-ID", messageID),
            ("From", MIMEEncoding.mailbox(from)),
            ("To", to.map(MIMEEncoding.mailbox).joined(separator: ",\r\n ")),
            ("Subject", MIMEEncoding.headerValue(subject, nameLength: "Subject: ".count)),
            ("MIME-Version", "1.0"),
            ("Content-Type", "multipart/alternative;\r\n boundary=\"\(boundary)\""),
            // RFC 3834: tells vacation responders and ticket systems not to answer.
            ("Auto-Submitted", "auto-generated"),
            ("X-Kubecapwatch-Notification", notification.id),
        ]
    }

    /// `[kubecapwatch] prod: FIRING node/node-a cpu_requests 91.25%` for one alert,
    /// `[kubecapwatch] prod: 3 firing, 2 resolved` for several. Unsanitized: ``headers`` cleans it.
    var subject: String {
        var text = subjectPrefix.isEmpty ? "" : subjectPrefix + " "
        if notification.isTest { text += "TEST " }
        text += "\(notification.cluster): "
        let alerts = notification.alerts
        if alerts.count == 1, let alert = alerts.first {
            text += "\(alert.state.label) \(alert.key.object) \(alert.key.measure.rawValue)"
            if let figures = alert.figures { text += " \(AlertText.percent(figures.percent))" }
        } else {
            text += AlertText.counts(notification)
        }
        return text
    }

    var plainText: String {
        var lines: [String] = []
        if notification.isTest {
            lines.append("TEST MESSAGE sent by kubecapwatch notify-test; no action is needed.")
            lines.append("")
        }
        lines.append("Cluster \(notification.cluster): \(AlertText.counts(notification)) at \(ConsoleJSONLine.timestamp(notification.createdAt))")
        for (title, alerts) in sections where !alerts.isEmpty {
            lines.append("")
            lines.append("\(title) (\(alerts.count)):")
            lines += alerts.map { "  " + AlertText.line($0, at: notification.createdAt) }
        }
        lines.append("")
        lines.append("-- ")
        lines.append("kubecapwatch")
        return lines.joined(separator: "\n")
    }

    var html: String {
        let escape = MIMEEncoding.htmlEscape
        var body = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>\(escape(AlertText.singleLine(subject)))</title></head>\n"
        body += "<body style=\"font-family: sans-serif\">\n"
        if notification.isTest {
            body += "<p><strong>TEST MESSAGE</strong> sent by kubecapwatch notify-test; no action is needed.</p>\n"
        }
        body += "<p>Cluster <strong>\(escape(notification.cluster))</strong>: \(escape(AlertText.counts(notification)))"
        body += " at \(escape(ConsoleJSONLine.timestamp(notification.createdAt)))</p>\n"
        for (title, alerts) in sections where !alerts.isEmpty {
            body += "<h3>\(escape(title)) (\(alerts.count))</h3>\n<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\">\n"
            body += "<tr><th>object</th><th>measure</th><th>usage</th><th>cluster</th><th>since</th></tr>\n"
            for alert in alerts { body += row(alert) }
            body += "</table>\n"
        }
        body += "</body></html>"
        return body
    }

    private var sections: [(String, [Alert])] {
        [("Firing", notification.firing), ("Still firing", notification.reminders), ("Resolved", notification.resolved)]
    }

    private func row(_ alert: Alert) -> String {
        let escape = MIMEEncoding.htmlEscape
        var usage = AlertText.comparison(alert) ?? ""
        if let detail = alert.detail, !detail.isEmpty { usage += usage.isEmpty ? detail : " — \(detail)" }
        let cells = [alert.key.object.description, alert.key.measure.rawValue, usage, alert.key.cluster,
                     AlertText.duration(alert, at: notification.createdAt)]
        return "<tr>" + cells.map { "<td>\(escape(AlertText.singleLine($0)))</td>" }.joined() + "</tr>\n"
    }

    private func part(type: String, body: String) -> [String] {
        ["Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: quoted-printable", "",
         MIMEEncoding.quotedPrintable(body)]
    }

    /// `Mon, 23 Nov 2026 18:16:51 +0000` (RFC 5322 3.3), in UTC.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
