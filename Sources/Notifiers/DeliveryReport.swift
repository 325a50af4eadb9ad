/// What happened to one notification at one notifier, as `notify-test` and tests see it.
public struct DeliveryReport: Sendable, Equatable, CustomStringConvertible {
    public enum Outcome: Sendable, Equatable {
        case delivered
        /// Not delivered; ``NotifierError/isPermanent`` tells whether a later retry can help.
        case failed(NotifierError)
    }

    public var notifier: String
    public var outcome: Outcome

    public init(notifier: String, outcome: Outcome) {
        self.notifier = notifier
        self.outcome = outcome
    }

    public var isDelivered: Bool { outcome == .delivered }

    /// `slack: delivered` or the error's description.
    public var description: String {
        switch outcome {
        case .delivered: "\(notifier): delivered"
        case .failed(let error): error.description
        }
    }
}
