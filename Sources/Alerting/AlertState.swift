/// Where an alert is in its lifecycle when a notification reports it.
public enum AlertState: String, Codable, Sendable, CaseIterable {
    /// First scan over the threshold.
    case firing
    /// Still over the threshold; sent every `reminder_count` scans.
    case reminder
    /// Back at or under the threshold, or its object is gone.
    case resolved

    /// Upper-case label used by text notifiers: `FIRING`, `REMINDER`, `RESOLVED`.
    public var label: String { rawValue.uppercased() }
}
