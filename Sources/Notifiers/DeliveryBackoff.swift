/// The wait between delivery attempts of one notification after transient failures: capped exponential
/// backoff with jitter. There is no last attempt: a notification is retried until it is delivered or
/// superseded, and a rate limit's `Retry-After` is a floor the lane applies on top (unlike the API client's
/// `APIRetryPolicy`, which gives up after a few attempts).
public struct DeliveryBackoff: Sendable, Equatable {
    /// Wait after the first failure.
    public var initialDelay: Duration
    /// No wait grows beyond this, however many failures.
    public var maximumDelay: Duration
    /// Growth factor per failure.
    public var multiplier: Double
    /// Fraction of the delay added or removed at random (0.2 = ±20 %) so many watchers recovering
    /// from the same outage do not retry in lockstep.
    public var jitter: Double

    /// 2 s, 4 s, 8 s … up to 30 s, ±20 %. The cap is low on purpose: after a long outage the channel is tried
    /// again within half a minute of coming back, not minutes later (a new notification tries it at once).
    public init(initialDelay: Duration = .seconds(2), maximumDelay: Duration = .seconds(30),
                multiplier: Double = 2, jitter: Double = 0.2) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = multiplier
        self.jitter = jitter
    }

    /// The wait after `failures` consecutive failures (1 = the first), given a random number in 0…1.
    public func delay(afterFailures failures: Int, random: Double) -> Duration {
        let initial = initialDelay.seconds
        let capped = min(maximumDelay.seconds, initial * pow(multiplier, Double(max(0, failures - 1))))
        let spread = capped * jitter * (random * 2 - 1)
        return .seconds(max(0, min(maximumDelay.seconds, capped + spread)))
    }

    private func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        var remaining = Int(min(exponent, 64))
        while remaining > 0 { result *= base; remaining -= 1 }
        return result
    }
}
