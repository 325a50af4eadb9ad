import Alerting
import Capacity
import Foundation

/// What the running service knows, as one immutable value: the engine publishes a new one after each scan (and
/// each reload or alert change), and readers — the HTTP API, `/metrics` — take the latest without waiting for a
/// scan or locking anything for longer than a copy.
public struct ServiceSnapshot: Sendable {
    /// The cluster's name in reports and alerts.
    public var cluster: String
    /// When the service started.
    public var startedAt: Date
    /// True while `/service/stop` holds scans and their notifications (until `/service/start` or a restart).
    public var paused = false
    /// Seconds between the starts of two scans.
    public var interval: Int
    /// `reminder_count`, for the next reminder of an open alert.
    public var reminderCount: Int
    /// The report `scan` would print with this configuration and no options: its scope, report type,
    /// namespaces and node selector.
    public var reportOptions: CapacityOptions
    /// `namespace`: whose pods get pod alerts (and per-pod metrics).
    public var watchedNamespaces: Set<String>
    /// The latest successful scan, kept whole so any report can be cut from it; nil until one succeeds (or when
    /// the service keeps no reports, without its HTTP service).
    public var capacity: CapacitySnapshot?
    /// Open alerts, sorted by key.
    public var alerts: [TrackedAlert] = []
    /// How scans have gone.
    public var scans = ScanStatus()
    /// When the scan in progress began; nil between scans.
    public var scanningSince: Date?
    /// The control endpoints' token; nil disables them.
    public var controlToken: ControlToken?
    /// `[http] pod_metrics`.
    public var podMetrics = false
    /// Where the cluster is read from, for reads on demand (the relationship graph).
    public var source: SourceSettings

    public init(cluster: String, startedAt: Date, interval: Int, reminderCount: Int, reportOptions: CapacityOptions,
                watchedNamespaces: Set<String>, source: SourceSettings) {
        self.cluster = cluster
        self.startedAt = startedAt
        self.interval = interval
        self.reminderCount = reminderCount
        self.reportOptions = reportOptions
        self.watchedNamespaces = watchedNamespaces
        self.source = source
    }

    /// Nil when the service is ready to answer with current figures; else why not: no scan has succeeded yet,
    /// or the latest ones failed (the cluster is unreachable).
    public var notReadyReason: String? {
        if let failure = scans.lastFailure, scans.consecutiveFailures > 0 {
            let count = scans.consecutiveFailures
            return "the cluster is unreachable: \(count == 1 ? "the last scan" : "the last \(count) scans") failed: \(failure)"
        }
        guard capacity != nil || scans.lastSuccess != nil else { return "no scan has completed yet" }
        return nil
    }

    /// How many more breaching scans until `alert`'s next reminder; nil when it will not be reminded of.
    public func scansUntilReminder(_ alert: TrackedAlert) -> Int? {
        guard alert.key.measure != .notifierFailing else { return nil }
        return AlertTracker(cluster: cluster, reminderCount: reminderCount, unreachableAfter: 1)
            .scansUntilReminder(after: alert.breachedScans)
    }
}
