import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import WatcherConfig

/// `kubecapwatch run` as a swift-service-lifecycle service: scans every interval, reloads on SIGHUP,
/// pings the systemd watchdog while it makes progress, and on SIGTERM/SIGINT stops well within the
/// unit's `TimeoutStopSec=60s`: the scan in progress gets ``scanStopGrace`` to finish (then it is
/// cancelled, its API requests and credential plugin included, and records nothing), queued
/// notifications get ``drainTimeout``, and whatever a hung delivery still holds after
/// ``drainLimit`` stays in the outbox for the next start.
public struct WatchService: Service {
    let engine: WatchEngine
    let configurationPath: String
    let logger: Logger
    let systemd: SystemdNotifier
    let heartbeat = Heartbeat()
    /// How long a stop lets the scan in progress finish before cancelling it.
    let scanStopGrace: Duration
    /// How long a stop waits for queued notifications (the rest stays in the outbox).
    let drainTimeout: Duration
    /// The drain's hard bound: after ``drainTimeout`` the dispatcher still lets attempts in flight end,
    /// and one that hangs must not hold the stop.
    let drainLimit: Duration

    public init(engine: WatchEngine, configurationPath: String, logger: Logger,
                systemd: SystemdNotifier = SystemdNotifier(), scanStopGrace: Duration = .seconds(5),
                drainTimeout: Duration = .seconds(20), drainLimit: Duration = .seconds(30)) {
        self.engine = engine
        self.configurationPath = configurationPath
        self.logger = logger
        self.systemd = systemd
        self.scanStopGrace = scanStopGrace
        self.drainTimeout = drainTimeout
        self.drainLimit = max(drainLimit, drainTimeout)
    }

    public func run() async throws {
        await engine.start()
        systemd.ready(status: "watching")
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.reloadOnHangup() }
            if let interval = systemd.watchdogInterval {
                group.addTask { await self.feedWatchdog(every: interval / 2, limit: interval) }
            }
            await scanLoop()
            group.cancelAll()
        }
        systemd.stopping()
        logger.info("stopping: waiting for queued notifications")
        await drainWithinLimit()
        logger.info("stopped")
    }

    /// ``WatchEngine/drain(timeout:)``, but never longer than ``drainLimit``: the drain goes on in a task
    /// of its own, abandoned when the limit passes (the process is about to exit; the outbox keeps it all).
    private func drainWithinLimit() async {
        let (finished, signal) = AsyncStream<Bool>.makeStream()
        let engine = self.engine, timeout = drainTimeout, limit = drainLimit
        let drain = Task { await engine.drain(timeout: timeout); signal.yield(true) }
        let timer = Task { try? await Task.sleep(for: limit); signal.yield(false) }
        var drained = false
        for await result in finished {
            drained = result
            break
        }
        timer.cancel()
        if !drained {
            drain.cancel()
            logger.warning("stopping without waiting longer for a delivery in flight; undelivered notifications stay in the outbox")
        }
    }

    /// One cycle that a stop cannot hold for long: once graceful shutdown begins, the scan has
    /// ``scanStopGrace`` to finish, then its task is cancelled (which reaches libcurl's transfers,
    /// retry sleeps and exec plugins) and the engine records nothing for it.
    private func stoppableCycle() async -> ScanOutcome {
        let engine = self.engine, grace = scanStopGrace
        let cycle = Task { await engine.cycle() }
        return await withTaskCancellationHandler {
            await withGracefulShutdownHandler {
                await cycle.value
            } onGracefulShutdown: {
                Task {
                    try? await Task.sleep(for: grace)
                    cycle.cancel()
                }
            }
        } onCancel: {
            cycle.cancel()
        }
    }

    /// Scans every interval. A scan that overruns the interval is followed by the next one at once, never by
    /// a burst of the ones it missed.
    private func scanLoop() async {
        let clock = ContinuousClock()
        var next = clock.now
        while !Task.isShuttingDownGracefully {
            heartbeat.busy()
            let outcome = await stoppableCycle()
            heartbeat.idle()
            systemd.status(outcome.summary)
            next = max(next + .seconds(await engine.interval), clock.now)
            let deadline = next
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(until: deadline, clock: clock) }
            } catch {
                return
            }
        }
    }

    private func reloadOnHangup() async {
        for await _ in await UnixSignalsSequence(trapping: .sighup) {
            systemd.reloading()
            do {
                let loaded = try ConfigurationLoader().load(path: configurationPath)
                for warning in loaded.warnings { logger.warning("\(warning)") }
                await engine.requestReload(loaded.configuration)
            } catch {
                for issue in error.issues { logger.error("reload refused: \(issue)") }
                logger.error("configuration not reloaded, the previous one stays in force")
            }
            systemd.ready(status: "watching")
        }
    }

    private func feedWatchdog(every period: Duration, limit: Duration) async {
        while !Task.isCancelled {
            if heartbeat.isAlive(limit: limit) { systemd.watchdog() }
            try? await Task.sleep(for: period)
        }
    }
}
