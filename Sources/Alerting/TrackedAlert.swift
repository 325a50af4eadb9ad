import Foundation

/// An open alert as the tracker remembers it between scans (and across restarts).
public struct TrackedAlert: Sendable, Hashable, Codable {
    public var key: AlertKey
    /// The `now` of the first breaching scan; for `cluster_unreachable`, of the first failed scan.
    public var firingSince: Date
    /// Breaching scans since it fired, counting the firing one; for `cluster_unreachable`, failed scans
    /// since it fired. Drives the reminder cadence.
    public var breachedScans: Int
    /// The figures of the latest breaching scan; nil for `cluster_unreachable`.
    public var figures: AlertFigures?
    /// The `[policy NAME]` whose threshold is crossed; nil for `[general]`.
    public var policy: String?
    /// For `cluster_unreachable`: the latest failure reason.
    public var detail: String?
    /// The `now` of the scan whose notification last told of it (its FIRING or latest REMINDER); nil in state
    /// saved by a version that did not record it.
    public var lastNotified: Date?

    public init(key: AlertKey, firingSince: Date, breachedScans: Int = 1, figures: AlertFigures? = nil,
                policy: String? = nil, detail: String? = nil, lastNotified: Date? = nil) {
        self.key = key
        self.firingSince = firingSince
        self.breachedScans = breachedScans
        self.figures = figures
        self.policy = policy
        self.detail = detail
        self.lastNotified = lastNotified
    }
}
