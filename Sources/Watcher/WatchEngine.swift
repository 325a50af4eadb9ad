import Alerting
import Capacity
import Foundation
import KubeModel
import Logging
import Notifiers
import Persistence
import VolumeGraph
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
    /// Whether each scan is kept whole (every pod row of every namespace) in the published snapshot, for the HTTP
    /// API's filters; without an HTTP service only the report alerted on is made, as narrow as the config allows.
    private let keepsEveryPodRow: Bool
    /// What the HTTP service (and later other readers) see: replaced after every scan, reload and alert change.
    public nonisolated let published: PublishedSnapshot
    /// Reads of the relationship graph's objects on demand, bounded and cached.
    private nonisolated let graphReads: GraphInventoryCache

    /// Prepares everything the configuration names (the ``Preflight`` `check-config` runs too), takes the state
    /// lock and loads the saved alert state. Throws the configuration's problems, all at once, as a
    /// ``ConfigurationError``, or a ``StateLockError`` when another process uses the same state path.
    ///
    /// `keepEveryPodRow`: publish each scan whole, every namespace's pod rows included (about 60 bytes a pod),
    /// for an HTTP service that cuts reports with any filter from it.
    public init(configuration: Configuration, logger: Logger, now: Date = Date(), keepEveryPodRow: Bool = false) async throws {
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
        keepsEveryPodRow = keepEveryPodRow
        graphReads = GraphInventoryCache(logger: logger)
        var snapshot = ServiceSnapshot(cluster: connection.clusterName, startedAt: now, interval: configuration.general.interval,
                                       reminderCount: configuration.general.reminderCount,
                                       reportOptions: Self.reportOptions(configuration, nodeSelector: prepared.nodeSelector),
                                       watchedNamespaces: Set(configuration.general.namespaces),
                                       source: SourceSettings(configuration: configuration.kubernetes))
        snapshot.controlToken = prepared.controlToken
        snapshot.podMetrics = configuration.http.podMetrics
        snapshot.alerts = tracker.state.open.values.sorted { $0.key < $1.key }
        published = PublishedSnapshot(snapshot)
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

    /// One scan and everything that follows from it. A failed scan changes no capacity alert. While the
    /// service is paused, nothing: no scan, no notification.
    public func cycle(now: @Sendable () -> Date = Date.init) async -> ScanOutcome {
        await acquire()
        defer { release() }
        if published.current.paused {
            var outcome = ScanOutcome(succeeded: true, nodes: 0, pods: 0, duration: .zero,
                                      notification: AlertNotification(cluster: connection.clusterName, createdAt: now()),
                                      openAlerts: tracker.state.open.count)
            outcome.paused = true
            logger.debug("\(outcome.summary)")
            return outcome
        }
        published.update { $0.scanningSince = now() }
        let outcome = await scanAndNotify(now: now)
        await handlePendingHealth()
        let ended = now()
        ScanMetrics.record(outcome, at: ended)
        published.update { snapshot in
            snapshot.scanningSince = nil
            snapshot.scans.record(outcome, at: ended)
        }
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
            let scanned = try await CapacityScanner(options: aggregationOptions()).snapshot(connection, now: now)
            let report = scanned.report(capacityOptions())
            if keepsEveryPodRow { published.update { $0.capacity = scanned } }
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
        publishAlerts()
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
        let listenMoved = newConfiguration.http.listen != configuration.http.listen
        configuration = newConfiguration
        rules = prepared.rules
        nodeSelector = prepared.nodeSelector
        connection = newConnection
        tracker.cluster = newConnection.clusterName
        tracker.reminderCount = newConfiguration.general.reminderCount
        tracker.unreachableAfter = newConfiguration.general.unreachableAfter
        if listenMoved {
            logger.warning("[http] listen changed; the HTTP service moves at the next restart, not on a reload")
        }
        published.update { snapshot in
            snapshot.cluster = newConnection.clusterName
            snapshot.interval = newConfiguration.general.interval
            snapshot.reminderCount = newConfiguration.general.reminderCount
            snapshot.reportOptions = Self.reportOptions(newConfiguration, nodeSelector: prepared.nodeSelector)
            snapshot.watchedNamespaces = Set(newConfiguration.general.namespaces)
            snapshot.controlToken = prepared.controlToken
            snapshot.podMetrics = newConfiguration.http.podMetrics
            snapshot.source = SourceSettings(configuration: newConfiguration.kubernetes)
        }
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

    /// What a scan aggregates: everything, when the HTTP API may ask for any report; else only what is alerted on.
    private func aggregationOptions() -> CapacityOptions {
        keepsEveryPodRow ? CapacityOptions() : capacityOptions()
    }

    /// The report `scan` prints with this configuration: its scope, report type, namespaces and node selector.
    static func reportOptions(_ configuration: Configuration, nodeSelector: LabelSelector) -> CapacityOptions {
        let general = configuration.general
        return CapacityOptions(scope: general.scope, reportType: general.reportType,
                               namespaces: Set(general.namespaces), nodeSelector: nodeSelector)
    }

    /// Publishes the open alerts as the tracker has them now.
    private func publishAlerts() {
        let alerts = tracker.state.open.values.sorted { $0.key < $1.key }
        published.update { $0.alerts = alerts }
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
        publishAlerts()
        await dispatcher.submit(notification)
    }
}

extension WatchEngine: LiveService {
    public nonisolated var snapshot: ServiceSnapshot { published.current }

    @discardableResult
    public nonisolated func setPaused(_ paused: Bool) -> Bool {
        published.update { snapshot in
            defer { snapshot.paused = paused }
            return snapshot.paused
        }
    }

    /// Reads at most once per interval (and never more than every 5 s), within twice the request timeout
    /// (at least 30 s): a graph read lists several kinds, each possibly over several pages.
    public nonisolated func graphInventory(kinds: GraphKinds, namespaces: [String]) async throws -> GraphInventoryRead {
        let snapshot = published.current
        let timeout = Duration.seconds(max(30, 2 * snapshot.source.requestTimeout))
        return try await graphReads.read(kinds: kinds, namespaces: namespaces, source: snapshot.source,
                                         maxAge: .seconds(max(5, snapshot.interval)), timeout: timeout)
    }
}
