/// `kubecapwatch status`'s text, from the `/service/status` document:
///
/// ```
/// kubecapwatch 0.1.0 at http://127.0.0.1:9798: running, cluster prod-eu
/// ready: yes
/// scans: 42 since 2026-11-23T09:00:00Z; last ok at 2026-11-23T10:00:00Z (0.31 s)
/// open alerts: 1
///   node/node-a cpu_requests 91.25% > 80% since 2026-11-23T09:45:00Z; last notified 2026-11-23T09:45:00Z; next reminder in 3 scans
/// ```
enum StatusText {
    static func render(_ document: [String: Any], url: String) -> String {
        var lines: [String] = []
        let version = document["version"] as? String ?? "?"
        let state = document["state"] as? String ?? "?"
        let cluster = document["cluster"] as? String ?? "?"
        lines.append("kubecapwatch \(version) at \(url): \(state), cluster \(cluster)")
        if document["ready"] as? Bool == true {
            lines.append("ready: yes")
        } else {
            lines.append("ready: no: \(document["notReadyReason"] as? String ?? "unknown")")
        }
        lines.append(scansLine(document))
        let alerts = document["openAlerts"] as? [[String: Any]] ?? []
        lines.append("open alerts: \(alerts.count)")
        lines += alerts.map { "  " + alertLine($0) }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func scansLine(_ document: [String: Any]) -> String {
        let scans = document["scans"] as? [String: Any] ?? [:]
        let completed = scans["completed"] as? Int ?? 0
        var line = "scans: \(completed) since \(document["startedAt"] as? String ?? "?")"
        if let failure = scans["lastFailure"] as? String {
            let count = scans["consecutiveFailures"] as? Int ?? 1
            line += "; last failed at \(scans["lastAttempt"] as? String ?? "?") (\(count) in a row): \(failure)"
        } else if let success = scans["lastSuccess"] as? String {
            line += "; last ok at \(success)"
            if let seconds = scans["lastDurationSeconds"] as? Double { line += " (\(seconds) s)" }
        }
        if document["scanning"] as? Bool == true { line += "; scanning now" }
        return line
    }

    private static func alertLine(_ alert: [String: Any]) -> String {
        var parts = ["\(alert["object"] as? String ?? "?") \(alert["measure"] as? String ?? "?")"]
        if let percent = alert["percent"] as? Double, let threshold = alert["threshold"] as? Double {
            parts[0] += " \(percent)% > \(threshold)%"
        }
        parts[0] += " since \(alert["since"] as? String ?? "?")"
        if let notified = alert["lastNotified"] as? String { parts.append("last notified \(notified)") }
        if let scans = alert["nextReminderInScans"] as? Int {
            parts.append("next reminder in \(scans) scan\(scans == 1 ? "" : "s")")
        }
        if let detail = alert["detail"] as? String, !detail.isEmpty { parts.append(detail) }
        return parts.joined(separator: "; ")
    }
}
