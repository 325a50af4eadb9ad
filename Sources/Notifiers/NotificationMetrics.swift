import Metrics

/// The notifiers' metrics, through swift-metrics (exported by `run`'s HTTP service):
/// - `kubecapwatch_notifications_total{notifier, result}`: delivery attempts that ended `delivered` or `failed`
///   (each failed attempt counts; it is retried), and notifications `dropped` as older than `outbox_max_age`;
/// - `kubecapwatch_outbox_depth{notifier}`: notifications waiting for delivery (parked ones included).
enum NotificationMetrics {
    enum Result: String { case delivered, failed, dropped }

    static func count(_ notifier: String, _ result: Result) {
        Counter(label: "kubecapwatch_notifications_total", dimensions: [("notifier", notifier), ("result", result.rawValue)])
            .increment()
    }

    /// Creates `notifier`'s series at zero, so a channel that never failed still shows `failed 0`.
    static func declare(_ notifier: String) {
        for result in [Result.delivered, .failed, .dropped] {
            _ = Counter(label: "kubecapwatch_notifications_total", dimensions: [("notifier", notifier), ("result", result.rawValue)])
        }
    }

    static func outboxDepth(_ notifier: String, _ count: Int) {
        Gauge(label: "kubecapwatch_outbox_depth", dimensions: [("notifier", notifier)]).record(count)
    }
}
