/// How often and how patiently a Kubernetes API request is retried after 429, 5xx or a network failure.
///
/// A request gives up after ``maxAttempts`` (a scan fails and the next one tries again), and the server's
/// `Retry-After` is obeyed up to a cap; unlike the notifiers' `DeliveryBackoff`, which retries a notification
/// until it is delivered and waits at least as long as the service asks.
///
/// Delays grow exponentially from ``baseDelay`` up to ``maxDelay``, with "equal jitter" (half the
/// delay fixed, half random) so many watchers restarted together do not retry in lockstep. A
/// `Retry-After` from the server replaces the computed delay, capped at ``maxRetryAfter``.
public struct APIRetryPolicy: Sendable {
    /// Attempts in total, the first included; 1 disables retries.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// Upper bound for a server's `Retry-After`, so a bogus hour-long value cannot stall a scan.
    public var maxRetryAfter: Duration
    /// Waits between attempts; tests inject a recorder so they do not wait.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// A random fraction in 0..<1 for jitter; injectable for deterministic tests.
    public var random: @Sendable () -> Double

    public init(maxAttempts: Int = 5, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30),
                maxRetryAfter: Duration = .seconds(120),
                sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.sleep = sleep
        self.random = random
    }

    /// The wait before attempt `attempt + 1` (attempt counts from 1).
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter { return min(retryAfter, maxRetryAfter) }
        let exponent = min(attempt - 1, 30)
        let grown = baseDelay * (1 << exponent)
        let capped = min(grown, maxDelay)
        return capped / 2 + capped / 2 * random()
    }
}
