import Foundation
import Logging
import ServiceLifecycle
import UnixSignals
import WatcherConfig

/// `kubecapwatch run` as a swift-service-lifecycle service: scans every interval, reloads on SIGHUP,
/// pings the systemd watchdog while it makes progress, and on SIGTERM/SIGINT finishes the scan in
/// progress and its delivery before it stops.
public struct WatchService: Service {
    let engine: WatchEngine
    let configurationPath: String
    let logger: Logger
    let systemd: SystemdNotifier
    let heartbeat = Heartbeat()
    /// How long a stop waits for queued notifications (the rest stays in the outbox).
    let drainTimeout: Duration

    public init(engine: WatchEngine, configurationPath: String, logger: Logger,
                systemd: SystemdNotifier = SystemdNotifier(), drainTimeout: Duration = .seconds(20)) {
        self.engine = engine
        self.configurationPath = configurationPath
        self.logger = logger
        self.systemd = systemd
        self.drainTimeout = drainTimeout
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
        await engine.drain(timeout: drainTimeout)
        logger.info("stopped")
    }

    /// Scans every interval. A scan that overruns the interval is followed by the next one at once, never by
    /// a burst of the ones it missed.
    private func scanLoop() async {
        let clock = ContinuousClock()
        var next = clock.now
        while !Task.isShuttingDownGracefully {
            heartbeat.busy()
            let outcome = await engine.cycle()
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
                for note in loaded.notes { logger.notice("\(note)") }
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
