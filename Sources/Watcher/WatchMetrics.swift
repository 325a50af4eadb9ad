import Metrics

/// The watch-fed model's metrics, declared (at zero) before the model exists so that dashboards and alerts can be
/// written against them now:
/// - `kubecapwatch_watch_events_total{resource}`: WATCH events received (nodes, pods);
/// - `kubecapwatch_watch_relists_total{resource}`: LISTs made again after a watch could not resume (410 Gone).
public enum WatchMetrics {
    /// The resources the model watches.
    public static let resources = ["nodes", "pods"]

    /// Creates the series at zero.
    public static func declare() {
        for resource in resources {
            _ = Counter(label: "kubecapwatch_watch_events_total", dimensions: [("resource", resource)])
            _ = Counter(label: "kubecapwatch_watch_relists_total", dimensions: [("resource", resource)])
        }
    }

    /// Counts `count` WATCH events of `resource`.
    public static func events(_ resource: String, count: Int = 1) {
        Counter(label: "kubecapwatch_watch_events_total", dimensions: [("resource", resource)]).increment(by: count)
    }

    /// Counts one relist of `resource`.
    public static func relist(_ resource: String) {
        Counter(label: "kubecapwatch_watch_relists_total", dimensions: [("resource", resource)]).increment()
    }
}
