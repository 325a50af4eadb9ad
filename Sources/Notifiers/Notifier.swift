import Alerting

/// One delivery channel (console, Slack, email): renders a grouped notification and sends it.
///
/// Implementations send once per call and never retry themselves; retries, pacing between
/// notifications, timeouts and the outbox belong to ``Dispatcher`` so every channel gets them alike.
public protocol Notifier: Sendable {
    /// Unique among the configured notifiers (`console`, `slack`, `email`): used in logs, reports and
    /// as the notifier's outbox folder name.
    var name: String { get }

    /// The shortest time between the starts of two deliveries, so a backlog drained after an outage
    /// does not trip the service's rate limit (Slack allows about one message a second per webhook).
    var minimumInterval: Duration { get }

    /// Sends `notification` once. Throws a ``NotifierError`` that says whether trying again may help.
    func deliver(_ notification: AlertNotification) async throws(NotifierError)
}

extension Notifier {
    public var minimumInterval: Duration { .zero }
}
