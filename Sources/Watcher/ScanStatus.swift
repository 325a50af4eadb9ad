import Foundation

/// How the service's scans have gone since it started: what readiness, `/service/status` and `status` report.
public struct ScanStatus: Sendable, Equatable {
    /// When the latest scan (successful or not) ended.
    public var lastAttempt: Date?
    /// When the latest successful scan ended.
    public var lastSuccess: Date?
    /// Why the latest scan failed; nil once one succeeds.
    public var lastFailure: String?
    /// Failed scans since the last successful one.
    public var consecutiveFailures = 0
    /// How long the latest scan took.
    public var lastDuration: Duration?
    /// Scans that ended, successful or not, since the service started.
    public var completed = 0

    public init() {}

    /// Records a scan that ended at `now`, unless a stop cancelled it (which says nothing about the cluster).
    public mutating func record(_ outcome: ScanOutcome, at now: Date) {
        guard !outcome.cancelled, !outcome.paused else { return }
        completed += 1
        lastAttempt = now
        lastDuration = outcome.duration
        if outcome.succeeded {
            lastSuccess = now
            lastFailure = nil
            consecutiveFailures = 0
        } else {
            lastFailure = outcome.failure ?? "unknown error"
            consecutiveFailures += 1
        }
    }
}
