import Alerting
import Capacity
import Foundation
import KubeModel
import Logging
import Notifiers
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
    private let store: AlertStateStore
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

    /// Prepares everything the configuration names, takes the state lock and loads the saved alert state.
    /// Throws a ``ConfigurationError``, a ``StateLockError`` when another process uses the same state path, or a
    /// notifier/cluster set-up error the caller reports.
    public init(configuration: Configuration, logger: Logger, now: Date = Date()) throws {
        self.configuration = configuration
        self.logger = logger
        rules = try AlertRules(configuration: configuration)
        nodeSelector = try Self.nodeSelector(configuration)
        connection = try ClusterConnection.open(Self.sourceSettings(configuration), logger: logger)
        let notifiers = try NotifierSetup.notifiers(for: configuration)
        // After every configuration check (a bad config is exit 78 whoever holds the lock), before the state
        // or the outbox is touched.
        stateLock = try StateLock(statePath: configuration.state.path)
        dispatcher = Dispatcher(notifiers: notifiers,
                                configuration: NotifierSetup.dispatcherConfiguration(configuration), logger: logger)
        store = AlertStateStore(path: configuration.state.path)
        let loaded = store.load(now: now)
        if let warning = loaded.warning { logger.warning("alert state: \(warning)") }
        tracker = AlertTracker(cluster: connection.clusterName, reminderCount: configuration.general.reminderCount,
                               unreachableAfter: configuration.general.unreachableAfter, state: loaded.state)
    }

    /// Seconds between the starts of two scans.
    public var interval: Int { configuration.general.interval }

    /// Takes up notifications a previous run could not deliver.
    public func start() async {
        await dispatcher.start()
        // State is saved before a notification is queued: resubmit the last one in case the process died in
        // between. The dispatcher ignores an id it has already queued or delivered, so this never sends twice.
        if let last = tracker.state.lastNotification { await dispatcher.submit(last) }
        let open = tracker.openKeys.count
        logger.info("watching \(connection.source.sourceDescription) as cluster \"\(connection.clusterName)\"; \(open) alerts open from the previous run")
    }

    /// One scan and everything that follows from it. A failed scan changes no capacity alert.
    public func cycle(now: @Sendable () -> Date = Date.init) async -> ScanOutcome {
        await acquire()
        defer { release() }
        return await scanAndNotify(now: now)
    }

    /// Applies `newConfiguration` after the cycle in progress, if any, and returns once it is in force (or
    /// refused), so systemd hears READY=1 only then: a reload never lands half-way through a scan.
    public func requestReload(_ newConfiguration: Configuration) async {
        await acquire()
        defer { release() }
        await apply(newConfiguration)
    }

    private func acquire() async {
        while busy {
            await withCheckedContinuation { busyWaiters.append($0) }
        }
        busy = true
    }

    private func release() {
        busy = false
        if !busyWaiters.isEmpty { busyWaiters.removeFirst().resume() }
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
        persist(now: now())
        if !outcome.notification.isEmpty { await dispatcher.submit(outcome.notification) }
        outcome.duration = clock.now - started
        if outcome.succeeded { logger.info("\(outcome.summary)") } else { logger.error("\(outcome.summary)") }
        return outcome
    }

    /// Applies a new configuration, keeping the alert state. Alerts whose measure is no longer checked
    /// resolve on the next scan, with the reason.
    private func reload(_ newConfiguration: Configuration) async throws {
        let newRules = try AlertRules(configuration: newConfiguration)
        let newSelector = try Self.nodeSelector(newConfiguration)
        let newConnection = try ClusterConnection.open(Self.sourceSettings(newConfiguration), logger: logger)
        let notifiers = try NotifierSetup.notifiers(for: newConfiguration)
        // Pending deliveries stay in the outbox; the new dispatcher takes them up.
        await dispatcher.stop()
        dispatcher = Dispatcher(notifiers: notifiers, configuration: NotifierSetup.dispatcherConfiguration(newConfiguration),
                                logger: logger)
        await dispatcher.start()
        configuration = newConfiguration
        rules = newRules
        nodeSelector = newSelector
        connection = newConnection
        tracker.cluster = newConnection.clusterName
        tracker.reminderCount = newConfiguration.general.reminderCount
        tracker.unreachableAfter = newConfiguration.general.unreachableAfter
        logger.info("configuration reloaded from \(newConfiguration.file)")
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

    private func persist(now: Date) {
        do {
            try store.save(tracker.state, now: now)
        } catch {
            logger.error("could not save alert state to \(store.url.path): \(error)")
        }
    }

    private func capacityOptions() -> CapacityOptions {
        let general = configuration.general
        // Pod rows are kept whenever pod alerts are wanted, for the watched namespaces only (as `scan` shows
        // them); node figures count every pod of the node whatever the namespace list.
        return CapacityOptions(scope: general.scope == .node ? .node : .all,
                               reportType: CapacityReportType(rawValue: general.reportType.rawValue) ?? .all,
                               namespaces: Set(general.namespaces), nodeSelector: nodeSelector)
    }

    /// Logs the report's namespaces-without-pods warning when the set differs from the last one warned about,
    /// not at every interval.
    private func warnOnce(namespacesWithoutPods report: CapacityReport) {
        guard report.namespacesWithoutPods != warnedNamespacesWithoutPods else { return }
        warnedNamespacesWithoutPods = report.namespacesWithoutPods
        if let warning = report.namespacesWithoutPodsWarning { logger.warning("\(warning)") }
    }

    /// `[kubernetes] node_selector`: the nodes watched at all.
    static func nodeSelector(_ configuration: Configuration) throws(ConfigurationError) -> LabelSelector {
        guard let text = configuration.kubernetes.nodeSelector else { return .everything }
        do {
            return try LabelSelector(parsing: text)
        } catch {
            throw ConfigurationError([ConfigIssue(file: configuration.file, line: nil, key: "node_selector", message: "\(error)")])
        }
    }

    static func sourceSettings(_ configuration: Configuration) -> SourceSettings {
        SourceSettings(configuration: configuration.kubernetes)
    }
}
