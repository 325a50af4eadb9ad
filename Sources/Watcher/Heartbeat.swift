import Synchronization

/// Whether the service loop is making progress, for the systemd watchdog: a scan that runs longer than
/// `WatchdogSec=` stops the pings, so systemd restarts a hung watcher; an idle wait between scans never does.
final class Heartbeat: Sendable {
    private let busySince = Mutex<ContinuousClock.Instant?>(nil)

    func busy() { busySince.withLock { $0 = ContinuousClock.now } }
    func idle() { busySince.withLock { $0 = nil } }

    /// True unless the loop has been busy for longer than `limit`.
    func isAlive(limit: Duration) -> Bool {
        busySince.withLock { since in since.map { ContinuousClock.now - $0 < limit } ?? true }
    }
}
