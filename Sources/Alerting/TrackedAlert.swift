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

    public init(key: AlertKey, firingSince: Date, breachedScans: Int = 1, figures: AlertFigures? = nil,
                policy: String? = nil, detail: String? = nil) {
        self.key = key
        self.firingSince = firingSince
        self.breachedScans = breachedScans
        self.figures = figures
        self.policy = policy
        self.detail = detail
    }
}
