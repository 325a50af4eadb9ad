import Foundation

/// Everything the alert tracker must remember between scans: the open alerts and the failure streak.
///
/// This is what ``AlertStateStore`` persists, so a restarted watcher continues the reminder cadence and
/// still resolves what was firing.
public struct AlertTrackerState: Sendable, Equatable, Codable {
    /// Open alerts (firing, including `cluster_unreachable`), by key.
    public var open: [AlertKey: TrackedAlert]
    /// Failed scans since the last successful one.
    public var consecutiveFailures: Int
    /// The `now` of the first failed scan of the current streak.
    public var failingSince: Date?
    /// The `now` of the latest successful scan.
    public var lastSuccessfulScan: Date?
    /// The notification of the latest recorded scan, nil when that scan changed nothing. After a restart
    /// the service resubmits it: the dispatcher drops an id it already queued or delivered, so a crash
    /// between saving this state and queueing the notification loses nothing and sends nothing twice.
    public var lastNotification: AlertNotification?

    public init(open: [AlertKey: TrackedAlert] = [:], consecutiveFailures: Int = 0, failingSince: Date? = nil,
                lastSuccessfulScan: Date? = nil, lastNotification: AlertNotification? = nil) {
        self.open = open
        self.consecutiveFailures = consecutiveFailures
        self.failingSince = failingSince
        self.lastSuccessfulScan = lastSuccessfulScan
        self.lastNotification = lastNotification
    }

    private enum CodingKeys: String, CodingKey {
        case open, consecutiveFailures, failingSince, lastSuccessfulScan, lastNotification
    }

    // Open alerts are written as a list sorted by key: a dictionary with non-string keys would encode as
    // an unreadable flat array, and a stable order keeps the file diffable.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let alerts = try c.decode([TrackedAlert].self, forKey: .open)
        open = Dictionary(alerts.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        consecutiveFailures = try c.decode(Int.self, forKey: .consecutiveFailures)
        failingSince = try c.decodeIfPresent(Date.self, forKey: .failingSince)
        lastSuccessfulScan = try c.decodeIfPresent(Date.self, forKey: .lastSuccessfulScan)
        lastNotification = try c.decodeIfPresent(AlertNotification.self, forKey: .lastNotification)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(open.values.sorted { $0.key < $1.key }, forKey: .open)
        try c.encode(consecutiveFailures, forKey: .consecutiveFailures)
        try c.encodeIfPresent(failingSince, forKey: .failingSince)
        try c.encodeIfPresent(lastSuccessfulScan, forKey: .lastSuccessfulScan)
        try c.encodeIfPresent(lastNotification, forKey: .lastNotification)
    }
}
