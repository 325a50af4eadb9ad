import Alerting
import Foundation

/// What one cycle of the service did, for its one-line log summary and for `run --once`'s exit code.
public struct ScanOutcome: Sendable {
    public var succeeded: Bool
    /// The reason when the scan failed.
    public var failure: String?
    public var nodes: Int
    public var pods: Int
    public var duration: Duration
    public var notification: AlertNotification
    public var openAlerts: Int
    /// True when a stop cancelled the scan before it ended; such a scan records nothing.
    public var cancelled = false
    /// True when the service is paused (`/service/stop`): no scan was made.
    public var paused = false

    /// `scan ok: 4 nodes, 12 pods in 0.31s; 1 firing, 0 reminders, 2 resolved; 3 open`.
    public var summary: String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let changes = "\(notification.firing.count) firing, \(notification.reminders.count) reminders, "
            + "\(notification.resolved.count) resolved; \(openAlerts) open"
        if paused { return "paused: no scan until /service/start; \(openAlerts) open" }
        if cancelled {
            return "scan cancelled after \(String(format: "%.2f", seconds))s: \(failure ?? "stopping"); nothing recorded; \(openAlerts) open"
        }
        guard succeeded else {
            return "scan failed in \(String(format: "%.2f", seconds))s: \(failure ?? "unknown error"); \(changes)"
        }
        return "scan ok: \(nodes) nodes, \(pods) pods in \(String(format: "%.2f", seconds))s; \(changes)"
    }
}
