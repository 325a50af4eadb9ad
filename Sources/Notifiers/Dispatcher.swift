import Alerting
import Foundation
import Logging
import Persistence

/// Fans each notification out to every notifier, and keeps trying until each has it.
///
/// Every notifier has its own lane (queue, worker, pacing, retries), so a failing or hanging
/// channel never delays the others. Pending deliveries live in the outbox (an ``OutboxStore``) and are
/// taken up again by the next dispatcher over the same store, after a restart for instance.
///
/// ```swift
/// let outbox = FileOutboxStore(directory: URL(fileURLWithPath: "/var/lib/kubecapwatch/outbox"))
/// let dispatcher = Dispatcher(notifiers: [console, slack, email], configuration: .init(outbox: outbox))
/// await dispatcher.start()                 // resumes what a previous run left undelivered
/// await dispatcher.submit(notification)    // returns once queued and persisted
/// await dispatcher.waitUntilIdle()         // optional: before exiting (`run --once`) or in tests
/// ```
public actor Dispatcher {
    /// Outbox and retry settings (`[state] outbox_dir`, `outbox_max_age`).
    public struct Configuration: Sendable {
        /// Where pending notifications are kept (`[state] outbox_dir`); nil keeps them in memory only.
        public var outbox: (any OutboxStore)?
        /// `[state] outbox_max_age`: an undelivered notification older than this (by its scan time)
        /// is dropped with a warning; by then a newer one has superseded it.
        public var outboxMaxAge: Duration
        /// Upper bound for one delivery attempt, on top of each notifier's own timeouts; also the longest
        /// ``Dispatcher/stop()`` waits for an attempt in flight (keep it under systemd's stop timeout).
        public var attemptTimeout: Duration
        public var backoff: DeliveryBackoff
        /// How long transient failures (connection refused, 5xx, timeouts) may last before the channel is
        /// reported failing (``ChannelHealth``); a permanent error or a set-up problem is reported at once.
        public var failingAfter: Duration

        public init(outbox: (any OutboxStore)? = nil, outboxMaxAge: Duration = .seconds(24 * 3600),
                    attemptTimeout: Duration = .seconds(60), backoff: DeliveryBackoff = DeliveryBackoff(),
                    failingAfter: Duration = .seconds(120)) {
            self.outbox = outbox
            self.outboxMaxAge = outboxMaxAge
            self.attemptTimeout = attemptTimeout
            self.backoff = backoff
            self.failingAfter = failingAfter
        }
    }

    private let lanes: [DeliveryLane]
    private let configuration: Configuration
    private let logger: Logger
    private let health = HealthRelay()
    /// The recovery of the outbox, started by the first ``start()``; later calls wait for the same one.
    private var startup: Task<Void, Never>?

    /// Notifier names must be unique; a later duplicate is ignored with an error log.
    public init(notifiers: [any Notifier], configuration: Configuration = Configuration(),
                environment: DispatchEnvironment = .live,
                logger: Logger = Logger(label: "kubecapwatch.notifiers")) {
        let outbox = configuration.outbox
        var seen = Set<String>()
        var lanes: [DeliveryLane] = []
        for notifier in notifiers {
            guard seen.insert(notifier.name).inserted else {
                logger.error("duplicate notifier name ignored", metadata: ["notifier": "\(notifier.name)"])
                continue
            }
            lanes.append(DeliveryLane(notifier: notifier, outbox: outbox, settings: configuration,
                                      environment: environment, health: health, logger: logger))
        }
        self.lanes = lanes
        self.configuration = configuration
        self.logger = logger
    }

    /// The notifier names, in configuration order.
    public var notifierNames: [String] { lanes.map(\.notifier.name) }

    /// Takes up the deliveries a previous process left in the outbox. Idempotent; ``submit(_:)``
    /// calls it too, so leftovers are never delivered after newer notifications.
    /// A submission made while the recovery is under way waits for it, so it is never queued before the
    /// leftovers nor checked against a ledger not yet read.
    public func start() async {
        if let startup { return await startup.value }
        let lanes = self.lanes
        let recovery = Task { for lane in lanes { await lane.recover() } }
        startup = recovery
        await recovery.value
    }

    /// Installs the handler told when a notifier starts failing or delivers again (see ``ChannelHealth``).
    /// A lane waits for the handler before it goes on, so what the handler submits is queued before the
    /// dispatcher can be idle.
    public func onHealthChange(_ handler: @escaping @Sendable (ChannelHealth) async -> Void) {
        health.install(handler)
    }

    /// Counts `notifier` as failing without reporting it, so its next delivery is reported as a recovery:
    /// for a failing alert raised before (by a previous run, or for a notifier that could not be set up).
    public func markFailing(_ notifier: String) async {
        for lane in lanes where lane.notifier.name == notifier { await lane.markFailing() }
    }

    /// Queues `notification` for every notifier and returns once it is persisted; delivery goes on in
    /// the background. An id already queued or recently delivered is ignored, so resubmitting after a
    /// crash does not send twice. A notification only about a notifier's own failure (the watcher's
    /// `notifier_failing` alert) is not sent through that notifier.
    public func submit(_ notification: AlertNotification) async {
        await start()
        for lane in lanes where !Self.isOnlyAbout(lane.notifier.name, notification) { await lane.enqueue(notification) }
    }

    private static func isOnlyAbout(_ notifier: String, _ notification: AlertNotification) -> Bool {
        !notification.isEmpty && notification.alerts.allSatisfy { $0.key.object == .notifier(notifier) }
    }

    /// Sends `notification` once through each notifier (or only `only`), concurrently, without
    /// outbox or retries, and reports per notifier: what `notify-test` needs.
    public func deliverNow(_ notification: AlertNotification, only: String? = nil) async -> [DeliveryReport] {
        let chosen = lanes.map(\.notifier).filter { only == nil || $0.name == only }
        let timeout = configuration.attemptTimeout
        return await withTaskGroup(of: (Int, DeliveryReport).self) { group in
            for (index, notifier) in chosen.enumerated() {
                group.addTask {
                    let result = await Deadline.run(notifier: notifier.name, timeout: timeout) { () async throws(NotifierError) in
                        try await notifier.deliver(notification)
                    }
                    switch result {
                    case .success: return (index, DeliveryReport(notifier: notifier.name, outcome: .delivered))
                    case .failure(let error): return (index, DeliveryReport(notifier: notifier.name, outcome: .failed(error)))
                    }
                }
            }
            var reports: [(Int, DeliveryReport)] = []
            for await report in group { reports.append(report) }
            return reports.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// Pending deliveries per notifier (parked ones included).
    public func pendingCounts() async -> [String: Int] {
        var counts: [String: Int] = [:]
        for lane in lanes { counts[lane.notifier.name] = await lane.pendingCount }
        return counts
    }

    /// Waits until every lane has nothing left it may try now: all delivered, dropped or parked after
    /// a permanent error. With a channel down this waits until it recovers; bound it with a timeout.
    ///
    /// Lanes are waited for until all are idle at the same time: a lane that fails may hand a "notifier
    /// failing" alert to a lane that was idle already.
    public func waitUntilIdle() async {
        repeat {
            await withTaskGroup(of: Void.self) { group in
                for lane in lanes { group.addTask { await lane.waitUntilIdle() } }
            }
        } while await anyLaneBusy()
    }

    private func anyLaneBusy() async -> Bool {
        for lane in lanes where await lane.isBusy { return true }
        return false
    }

    /// Stops all retrying and waiting, lets each delivery attempt in flight finish (within
    /// ``Configuration/attemptTimeout``), and returns; undelivered notifications stay in the outbox for the
    /// next start. Later submissions are only persisted.
    public func stop() async {
        for lane in lanes { await lane.stop() }
    }
}
