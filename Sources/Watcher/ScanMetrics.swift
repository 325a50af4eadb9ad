import Foundation
import Metrics

/// The scan loop's metrics, through swift-metrics (the HTTP service exports them for Prometheus; without it they
/// go nowhere and cost nothing):
/// - `kubecapwatch_scans_total{result="success"|"failure"}`: scans that ended (a stop's cancelled scan is not one);
/// - `kubecapwatch_scan_duration_seconds`: their durations, a histogram;
/// - `kubecapwatch_last_successful_scan_timestamp_seconds`: when the latest successful scan ended (Unix time).
public enum ScanMetrics {
    static let results = ["success", "failure"]

    /// Creates the series at zero, so a scrape before the first scan shows them.
    public static func declare() {
        for result in results { _ = Counter(label: "kubecapwatch_scans_total", dimensions: [("result", result)]) }
        _ = Metrics.Timer(label: "kubecapwatch_scan_duration_seconds")
    }

    /// Counts a scan that ended at `now`.
    static func record(_ outcome: ScanOutcome, at now: Date) {
        guard !outcome.cancelled, !outcome.paused else { return }
        Counter(label: "kubecapwatch_scans_total", dimensions: [("result", outcome.succeeded ? "success" : "failure")])
            .increment()
        Metrics.Timer(label: "kubecapwatch_scan_duration_seconds").recordInterval(outcome.duration)
        if outcome.succeeded {
            Gauge(label: "kubecapwatch_last_successful_scan_timestamp_seconds").record(now.timeIntervalSince1970)
        }
    }
}

extension Metrics.Timer {
    /// Records a Swift `Duration` in nanoseconds.
    func recordInterval(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
