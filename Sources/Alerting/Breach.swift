/// One (object, measure) over its threshold in one scan: what the evaluator hands the tracker.
public struct Breach: Sendable, Hashable {
    public var key: AlertKey
    public var figures: AlertFigures
    /// The `[policy NAME]` whose threshold was crossed; nil for the `[general]` thresholds.
    public var policy: String?

    public init(key: AlertKey, figures: AlertFigures, policy: String? = nil) {
        self.key = key
        self.figures = figures
        self.policy = policy
    }
}
