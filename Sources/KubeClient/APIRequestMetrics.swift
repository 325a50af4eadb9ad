import Metrics

/// `kubecapwatch_api_requests_total{verb, code}`: every answer the API server gave (and every request that got
/// none, as code `error`), retries included, through swift-metrics (exported by `run`'s HTTP service).
public enum APIRequestMetrics {
    /// Counts one request: `verb` as Kubernetes names it (`LIST`, `GET`, `WATCH`), `code` the HTTP status.
    public static func record(verb: String, code: Int) {
        Counter(label: "kubecapwatch_api_requests_total", dimensions: [("verb", verb), ("code", String(code))]).increment()
    }

    /// Counts one request that got no answer (connection refused, TLS failure, timeout).
    public static func recordFailure(verb: String) {
        Counter(label: "kubecapwatch_api_requests_total", dimensions: [("verb", verb), ("code", "error")]).increment()
    }
}
