import Alerting
import Notifiers

/// A notifier that is not told about resolved alerts (`send_resolved = false`).
struct ResolvedFilter: Notifier {
    let wrapped: any Notifier

    var name: String { wrapped.name }
    var minimumInterval: Duration { wrapped.minimumInterval }

    func deliver(_ notification: AlertNotification) async throws(NotifierError) {
        var trimmed = notification
        trimmed.resolved = []
        // Test notifications always go out: `notify-test` must prove the channel works.
        guard !trimmed.isEmpty || notification.isTest else { return }
        try await wrapped.deliver(trimmed)
    }
}
