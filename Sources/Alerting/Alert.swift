import Foundation

/// One alert as a notification reports it: which key, which lifecycle step, and the figures behind it.
public struct Alert: Hashable, Codable, Sendable {
    public var key: AlertKey
    public var state: AlertState
    /// The figures of the scan that produced this alert. Nil for `cluster_unreachable`, and for a
    /// resolved alert whose object disappeared (there is nothing left to measure).
    public var figures: AlertFigures?
    /// When the breach began (the first breaching scan).
    public var firingSince: Date
    /// How many consecutive scans have been over the threshold, counting the first.
    public var breachedScans: Int
    /// 1 for the first reminder, 2 for the second…; 0 for firing and resolved alerts.
    public var reminder: Int
    /// Free text for people: the reason for `cluster_unreachable`, or why an alert resolved
    /// (for example "node deleted"). Never contains secrets; may contain cluster-derived text.
    public var detail: String?

    public init(key: AlertKey, state: AlertState, figures: AlertFigures?, firingSince: Date,
                breachedScans: Int = 1, reminder: Int = 0, detail: String? = nil) {
        self.key = key
        self.state = state
        self.figures = figures
        self.firingSince = firingSince
        self.breachedScans = breachedScans
        self.reminder = reminder
        self.detail = detail
    }
}
