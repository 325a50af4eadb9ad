import Alerting
import Capacity
import Foundation
import KubeModel
import Logging
import Notifiers
import Persistence
import WatcherConfig

/// The watcher between two signals: scan, evaluate, track, persist, notify — one cycle at a time.
///
/// An actor so that a reload (SIGHUP) can never interleave with a cycle half-way through.
public actor WatchEngine {
    private var configuration: Configuration
    private var rules: AlertRules
    private var nodeSelector: LabelSelector
    private var connection: ClusterConnection
    private var tracker: AlertTracker
    private var dispatcher: Dispatcher
    private let store: any AlertStateStore
    /// Held for the engine's life: one `run` per state path.
    private let stateLock: StateLock
    /// The namespaces last warned about as having no pods, so the warning is logged once per distinct set.
    private var warnedNamespacesWithoutPods: [String] = []
    private let logger: Logger
    private let clock = ContinuousClock()
    /// Held by a cycle or a reload for its whole length, suspensions included: the actor alone would let a
    /// reload interleave at any `await` of a scan (or a scan at any `await` of a reload).
    private var busy = false
    private var busyWaiters: [CheckedContinuation<Void, Never>] = []
    /// Notifier health changes reported while a cycle or reload held the engine; handled before it lets go.
    private var pendingHealth: [ChannelHealth] = []
    /// Notifiers that could not be set up (at start or the latest reload): they stand aside, not the others.
    private var unavailableNotifiers: [NotifierError]

    /// Prepares everything the configuration names (the ``Preflight`` `check-config` runs too), takes the state
    /// lock and loads the saved alert state. Throws the configuration's problems, all at once, as a
    /// ``ConfigurationError``, or a ``StateLockError`` when another process uses the same state path.
    public init(configuration: Configuration, logger: Logger, now: Date = Date()) async throws {
        self.configuration = configuration
        self.logger = logger
        let prepared = try Preflight.prepare(configuration, logger: logger)
        rules = prepared.rules
        nodeSelector = prepared.nodeSelector
        connection = prepared.connection
        unavailableNotifiers = prepared.notifiers.unavailable
        // After every configuration check (a bad config is exit 78 whoever holds the lock), before the state
        // or the outbox is touched.
        stateLock = try StateLock(statePath: configuration.state.path)
        dispatcher = Dispatcher(notifiers: prepared.notifiers.notifiers,
                                configuration: NotifierSetup.dispatcherConfiguration(configuration), logger: logger)
        store = FileAlertStateStore(path: configuration.state.path)
        let loaded = try await store.load(now: now)
        if let warning = loaded.warning { logger.warning("alert state: \(warning)") }
        tracker = AlertTracker(cluster: connection.clusterName, reminderCount: configuration.general.reminderCount,
                               unreachableAfter: configuration.general.unreachableAfter, state: loaded.state)
    }

    /// Seconds between the starts of two scans.
    public var interval: Int { configuration.general.interval }

    /// Takes up notifications a previous run could not deliver, and raises a "notifier failing" alert for each
    /// notifier that could not be set up.
    public func start() async {
        await acquire()
        defer { release() }
        await prepareNotifierHealth()
        await dispatcher.start()
        // State is saved before a notification is queued: resubmit the last one in case the process died in
        // between. The dispatcher ignores an id it has already queued or delivered, so this never sends twice.
        if let last = tracker.state.lastNotification { await dispatcher.submit(last) }
        let open = tracker.openKeys.count
        logger.info("watching \(connection.source.sourceDescription) as cluster \"\(connection.clusterName)\"; \(open) alerts open from the previous run")
        await watchNotifierHealth()
    }

    /// One scan and everything that follows from it. A failed scan changes no capacity alert.
    public func cycle(now: @Sendable () -> Date = Date.init) async -> ScanOutcome {
        await acquire()
        defer { release() }
        let outcome = await scanAndNotify(now: now)
        await handlePendingHealth()
        return outcome
    }

    /// Applies `newConfiguration` after the cycle in progress, if any, and returns once it is in force (or
    /// refused), so systemd hears READY=1 only then: a reload never lands half-way through a scan.
    public func requestReload(_ newConfiguration: Configuration) async {
        await acquire()
        defer { release() }
        await apply(newConfiguration)
        await handlePendingHealth()
    }

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        // Woken by `release`, which hands the engine over without freeing it in between.
        await withCheckedContinuation { busyWaiters.append($0) }
    }

    /// Hands the engine to the longest waiter, if any. Freeing it first would let the scan loop's next cycle
    /// take it before a reload that waited for the previous one (the reload would then miss "the next scan").
    private func release() {
        if busyWaiters.isEmpty {
            busy = false
        } else {
            busyWaiters.removeFirst().resume()
        }
    }

    private func apply(_ newConfiguration: Configuration) async {
        do {
            try await reload(newConfiguration)
        } catch {
            logger.error("configuration not reloaded, the previous one stays in force: \(error)")
        }
    }

    private func scanAndNotify(now: @Sendable () -> Date) async -> ScanOutcome {
        let started = clock.now
        var outcome: ScanOutcome
        do {
            let report = try await CapacityScanner(options: capacityOptions()).scan(connection, now: now)
            for issue in report.issues { logger.warning("\(issue)") }
            warnOnce(namespacesWithoutPods: report)
            let evaluation = PolicyEvaluator(cluster: connection.clusterName, rules: rules)
                .evaluate(report, watching: tracker.openKeys)
            let notification = tracker.recordScan(evaluation, now: now())
            outcome = ScanOutcome(succeeded: true, nodes: report.nodes.count, pods: report.totals.pods.count,
                                  duration: .zero, notification: notification, openAlerts: 0)
        } catch where Task.isCancelled {
            // A stop cancelled the scan: it says nothing about the cluster, so no state changes and nothing is sent.
            var cancelled = ScanOutcome(succeeded: false, failure: "cancelled: the service is stopping", nodes: 0, pods: 0,
                                        duration: clock.now - started,
                                        notification: AlertNotification(cluster: connection.clusterName, createdAt: now()),
                                        openAlerts: tracker.state.open.count)
            cancelled.cancelled = true
            logger.notice("\(cancelled.summary)")
            return cancelled
        } catch {
            let reason = "\(error)"
            let notification = tracker.recordFailure(reason: reason, now: now())
            outcome = ScanOutcome(succeeded: false, failure: reason, nodes: 0, pods: 0, duration: .zero,
                                  notification: notification, openAlerts: 0)
        }
        outcome.openAlerts = tracker.state.open.count
        await persist(now: now())
        if !outcome.notification.isEmpty { await dispatcher.submit(outcome.notification) }
        outcome.duration = clock.now - started
        if outcome.succeeded { logger.info("\(outcome.summary)") } else { logger.error("\(outcome.summary)") }
        return outcome
    }

    /// Applies a new configuration, keeping the alert state. Alerts whose measure is no longer checked
    /// resolve on the next scan, with the reason.
    private func reload(_ newConfiguration: Configuration) async throws {
        let prepared = try Preflight.prepare(newConfiguration, logger: logger)
        let newConnection = prepared.connection
        // Pending deliveries stay in the outbox; the new dispatcher takes them up.
        await dispatcher.stop()
        dispatcher = Dispatcher(notifiers: prepared.notifiers.notifiers,
                                configuration: NotifierSetup.dispatcherConfiguration(newConfiguration), logger: logger)
        unavailableNotifiers = prepared.notifiers.unavailable
        await prepareNotifierHealth()
        await dispatcher.start()
        configuration = newConfiguration
        rules = prepared.rules
        nodeSelector = prepared.nodeSelector
        connection = newConnection
        tracker.cluster = newConnection.clusterName
        tracker.reminderCount = newConfiguration.general.reminderCount
        tracker.unreachableAfter = newConfiguration.general.unreachableAfter
        logger.info("configuration reloaded from \(newConfiguration.file)")
        await watchNotifierHealth()
    }

    /// Waits (at most `timeout`) for queued notifications to go out; what remains stays in the outbox.
    public func drain(timeout: Duration) async {
        let dispatcher = self.dispatcher
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await dispatcher.waitUntilIdle() }
            // `waitUntilIdle` ignores cancellation and a task group waits for all its children, so the
            // timeout must stop the dispatcher, which releases the waiters; otherwise a channel that stays
            // down holds the stop (and `run --once`) until it recovers.
            group.addTask {
                if (try? await Task.sleep(for: timeout)) != nil { await dispatcher.stop() }
            }
            await group.next()
            group.cancelAll()
        }
        await dispatcher.stop()
    }

    private func persist(now: Date) async {
        do {
            try await store.save(tracker.state, now: now)
        } catch {
            logger.error("could not save alert state to \(store.location): \(error)")
        }
    }

    private func capacityOptions() -> CapacityOptions {
        let general = configuration.general
        // Pod rows are kept whenever pod alerts are wanted, for the watched namespaces only (as `scan` shows
        // them); node figures count every pod of the node whatever the namespace list.
        return CapacityOptions(scope: general.scope == .node ? .node : .all,
                               reportType: general.reportType,
                               namespaces: Set(general.namespaces), nodeSelector: nodeSelector)
    }

    /// Logs the report's namespaces-without-pods warning when the set differs from the last one warned about,
    /// not at every interval.
    private func warnOnce(namespacesWithoutPods report: CapacityReport) {
        guard report.namespacesWithoutPods != warnedNamespacesWithoutPods else { return }
        warnedNamespacesWithoutPods = report.namespacesWithoutPods
        if let warning = report.namespacesWithoutPodsWarning { logger.warning("\(warning)") }
    }

    // MARK: - Notifier health

    /// Before a new dispatcher starts (and resumes its outbox): its health reports come here; notifiers with a
    /// failing alert open resolve it at their first delivery; those that could not be set up raise one (queued
    /// first, so that a delivery succeeding at once resolves it rather than being overtaken by it).
    private func prepareNotifierHealth() async {
        await dispatcher.onHealthChange { [weak self] event in await self?.noteHealth(event) }
        for name in tracker.failingNotifiers { await dispatcher.markFailing(name) }
        for error in unavailableNotifiers {
            logger.error("notifier \(error.notifier) cannot be set up; the other notifiers go on, and it is tried again before each notification: \(error)")
            await dispatcher.markFailing(error.notifier)
            pendingHealth.append(.failing(error))
        }
    }

    /// Once the dispatcher runs: failing alerts of notifiers no longer configured resolve, and the reports
    /// queued so far go out.
    private func watchNotifierHealth() async {
        let configured = await dispatcher.notifierNames
        for name in tracker.failingNotifiers where !configured.contains(name) {
            await raise(tracker.recordNotifierRecovered(name, detail: "is no longer configured", now: Date()))
        }
        await handlePendingHealth()
    }

    /// A lane's report: handled now, or by the cycle or reload in progress before it lets go.
    private func noteHealth(_ event: ChannelHealth) async {
        pendingHealth.append(event)
        guard !busy else { return }
        busy = true
        defer { release() }
        await handlePendingHealth()
    }

    /// Turns health changes into the `notifier_failing` alert's FIRING and RESOLVED, sent through the other
    /// notifiers (the dispatcher keeps a notifier's own alert from it).
    private func handlePendingHealth() async {
        while !pendingHealth.isEmpty {
            switch pendingHealth.removeFirst() {
            case .failing(let error):
                await raise(tracker.recordNotifierFailing(error.notifier, reason: error.summary, now: Date()))
            case .recovered(let name):
                await raise(tracker.recordNotifierRecovered(name, detail: "delivers again", now: Date()))
            }
        }
    }

    private func raise(_ notification: AlertNotification) async {
        guard !notification.isEmpty else { return }
        await persist(now: notification.createdAt)
        await dispatcher.submit(notification)
    }
}
