import Alerting

/// What ``AlertStateStore/load(now:)`` found.
public struct LoadedAlertState: Sendable, Equatable {
    /// The saved state, or a clean one.
    public var state: AlertTrackerState
    /// Set when a saved value existed but could not be used: log it as a warning.
    public var warning: String?
    /// Where the unusable value was kept aside (a path), when it could be.
    public var setAside: String?

    public init(state: AlertTrackerState, warning: String? = nil, setAside: String? = nil) {
        self.state = state
        self.warning = warning
        self.setAside = setAside
    }
}
