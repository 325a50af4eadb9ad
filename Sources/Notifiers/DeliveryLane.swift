import Alerting
import CurlTransport
import Foundation
import Logging
import Persistence

/// The queue and worker of one notifier: delivers its pending notifications one at a time, in order,
/// paced, retried, and persisted in the outbox until done.
///
/// One lane per notifier is what keeps a failing channel from delaying the others, and serial
/// delivery within a lane keeps a RESOLVED from overtaking its FIRING.
///
/// The lane also judges the channel's health: it reports the channel failing (once) after a permanent error,
/// a set-up problem, or transient errors for longer than `failingAfter`, and recovered at its next delivery.
actor DeliveryLane {
    let notifier: any Notifier
    /// Nil keeps the queue in memory only (`notify-test`, tests).
    private let outbox: (any OutboxStore)?
    private let settings: Dispatcher.Configuration
    private let environment: DispatchEnvironment
    private let logger: Logger
    private let health: HealthRelay
    /// Start of the current run of failed attempts, nil after a delivery.
    private var failingSince: Date?
    /// Whether the channel was reported (or marked) failing and has not delivered since.
    private var reportedFailing = false
    /// The backoff wait in progress; a new notification cuts it short.
    private var backoff: Task<Void, Never>?
    /// A notification arrived while an attempt was under way: skip the backoff that may follow it (once).
    private var wakeRequested = false
    /// The later entry for which the parked ones were last tried again, so each is retried once per newcomer.
    private var parkedRetriedFor: String?

    private var queue: [OutboxEntry] = [] {
        didSet { if queue.count != oldValue.count { NotificationMetrics.outboxDepth(notifier.name, queue.count) } }
    }
    /// The ids delivered last, oldest first, at most ``deliveredMemory`` (loaded by ``recover()``).
    private var delivered: [String] = []
    private var worker: Task<Void, Never>?
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var lastStart: Date?
    private var stopped = false

    /// How many delivered ids the lane remembers, to drop a resubmission of one of them.
    static let deliveredMemory = 256

    init(notifier: any Notifier, outbox: (any OutboxStore)?, settings: Dispatcher.Configuration,
         environment: DispatchEnvironment, health: HealthRelay, logger: Logger) {
        self.notifier = notifier
        self.outbox = outbox
        self.settings = settings
        self.environment = environment
        self.health = health
        var logger = logger
        logger[metadataKey: "notifier"] = "\(notifier.name)"
        self.logger = logger
        NotificationMetrics.declare(notifier.name)
        NotificationMetrics.outboxDepth(notifier.name, 0)
    }

    /// Takes over what an earlier process left in the outbox; parked entries get one more try. Runs before
    /// anything is queued (``Dispatcher/start()``).
    func recover() async {
        guard let outbox else { return }
        let contents: OutboxContents
        do {
            delivered = try await outbox.delivered(notifier: notifier.name)
            contents = try await outbox.pending(notifier: notifier.name)
        } catch {
            logger.error("could not read the outbox; undelivered notifications of an earlier run stay there: \(error)")
            return
        }
        for unreadable in contents.unreadable {
            logger.warning("outbox entry unreadable, moved aside", metadata: [
                "notifier": "\(notifier.name)", "file": "\(unreadable.location)", "error": "\(unreadable.problem)",
            ])
        }
        let entries = contents.entries
        guard !entries.isEmpty else { return }
        logger.info("resuming undelivered notifications from the outbox", metadata: ["count": "\(entries.count)"])
        for var entry in entries {
            if delivered.contains(entry.notification.id) {
                // Delivered, but the process stopped before the file was removed.
                await unpersist(entry)
                continue
            }
            guard !isKnown(entry.notification.id) else { continue }
            entry.parked = false
            queue.append(entry)
        }
        startWorker()
    }

    /// Persists and queues `notification`, unless this lane already has or had it.
    func enqueue(_ notification: AlertNotification) async {
        guard !isKnown(notification.id) else {
            logger.debug("notification already queued or delivered", metadata: ["notification": "\(notification.id)"])
            return
        }
        let entry = OutboxEntry(notifier: notifier.name, notification: notification, enqueuedAt: environment.now())
        await persist(entry)
        queue.append(entry)
        // A channel that failed is tried again at once for the newcomer rather than after the backoff: after
        // a long outage the backlog goes out with the next scan's news, not half a minute later.
        wakeRequested = true
        backoff?.cancel()
        startWorker()
    }

    /// Number of entries not yet delivered, parked ones included.
    var pendingCount: Int { queue.count }

    /// True while the worker has entries it may still try.
    var isBusy: Bool { worker != nil }

    /// Counts the channel as failing without reporting it, so its next delivery reports it recovered (the
    /// failing alert was raised before, by a previous run or for a set-up problem).
    func markFailing() {
        reportedFailing = true
    }

    /// Returns once nothing is left to try (the queue is empty or holds only parked entries).
    func waitUntilIdle() async {
        guard worker != nil else { return }
        await withCheckedContinuation { idleWaiters.append($0) }
    }

    /// Stops the worker after the attempt in flight, if any; entries stay in the outbox for the next start.
    func stop() async {
        stopped = true
        guard let running = worker else { return }
        running.cancel()
        await running.value
        worker = nil
        resumeIdleWaiters()
    }

    private func isKnown(_ id: String) -> Bool {
        delivered.contains(id) || queue.contains { $0.notification.id == id }
    }

    private func startWorker() {
        guard worker == nil, !stopped else { return }
        worker = Task { await self.drain() }
    }

    private func drain() async {
        while !Task.isCancelled, let entry = nextEntry() {
            if isStale(entry) {
                await drop(entry)
                continue
            }
            await pace()
            if Task.isCancelled { break }
            lastStart = environment.now()
            wakeRequested = false
            let result = await attempt(entry)
            // Settled even when stopping, so a delivered notification is not sent again after a restart.
            await settle(entry, result)
        }
        if !Task.isCancelled {
            worker = nil
            resumeIdleWaiters()
        }
    }

    /// The first entry not parked; but when parked entries wait before it, the oldest of them first, once per
    /// newcomer: the channel may have been fixed, and trying them first keeps the order of the notifications.
    private func nextEntry() -> OutboxEntry? {
        guard let candidateIndex = queue.firstIndex(where: { !$0.parked }) else { return nil }
        let candidate = queue[candidateIndex]
        if let parkedIndex = queue.firstIndex(where: \.parked), parkedIndex < candidateIndex,
           parkedRetriedFor != candidate.notification.id {
            parkedRetriedFor = candidate.notification.id
            return queue[parkedIndex]
        }
        return candidate
    }

    private func attempt(_ entry: OutboxEntry) async -> Result<Void, NotifierError> {
        let notifier = self.notifier
        let notification = entry.notification
        return await Deadline.run(notifier: notifier.name, timeout: settings.attemptTimeout) { () async throws(NotifierError) in
            try await notifier.deliver(notification)
        }
    }

    private func settle(_ entry: OutboxEntry, _ result: Result<Void, NotifierError>) async {
        let id = entry.notification.id
        switch result {
        case .success:
            NotificationMetrics.count(notifier.name, .delivered)
            logger.info("notification delivered", metadata: ["notification": "\(id)", "attempts": "\(entry.attempts + 1)"])
            await remember(id)
            queue.removeAll { $0.notification.id == id }
            await unpersist(entry)
            if entry.parked { await unparkAll() }
            failingSince = nil
            if reportedFailing {
                reportedFailing = false
                logger.notice("notifier delivers again")
                await health.report(.recovered(notifier: notifier.name))
            }
        case .failure(let error):
            NotificationMetrics.count(notifier.name, .failed)
            await noteFailure(error)
            await settleFailure(entry, error)
        }
    }

    private func settleFailure(_ entry: OutboxEntry, _ error: NotifierError) async {
        let id = entry.notification.id
        switch error {
        case let error where error.isPermanent:
            logger.error("notification not delivered; retried before the next notification or after a restart: \(error)",
                         metadata: ["notification": "\(id)"])
            await update(id) {
                $0.attempts += 1
                $0.lastError = error.description
                $0.parked = true
            }
        default:
            var failures = entry.attempts + 1
            await update(id) {
                $0.attempts += 1
                $0.lastError = error.description
                failures = $0.attempts
            }
            let delay = settings.backoff.delay(afterFailures: failures, random: environment.random())
            let wait = max(delay, error.retryAfter ?? .zero)
            logger.warning("notification not delivered, retrying in \(wait.secondsText): \(error)",
                           metadata: ["notification": "\(id)", "attempts": "\(failures)"])
            // A rate limit's Retry-After is the service's to set: news does not cut it short.
            if !Task.isCancelled { await sleepUnlessWoken(wait, interruptible: error.retryAfter == nil) }
        }
    }

    /// Reports the channel failing once: at once for an error retrying cannot fix or a set-up problem,
    /// after `failingAfter` of failed attempts otherwise.
    private func noteFailure(_ error: NotifierError) async {
        let now = environment.now()
        let since = failingSince ?? now
        failingSince = since
        guard !reportedFailing else { return }
        guard error.isPermanent || now.timeIntervalSince(since) >= settings.failingAfter.seconds else { return }
        reportedFailing = true
        logger.error("notifier failing; the other notifiers go on: \(error)")
        await health.report(.failing(error))
    }

    /// The backoff wait, ended early by a stop and, when `interruptible`, by a new notification
    /// (``enqueue(_:)``), also one that came during the attempt that failed.
    private func sleepUnlessWoken(_ wait: Duration, interruptible: Bool) async {
        if interruptible, wakeRequested {
            wakeRequested = false
            return
        }
        let environment = self.environment
        let sleeper = Task { _ = try? await environment.sleep(wait) }
        if interruptible { backoff = sleeper }
        // The wait runs in a task of its own so that enqueue can end it; a stop cancels the worker, and with it this.
        await withTaskCancellationHandler { await sleeper.value } onCancel: { sleeper.cancel() }
        backoff = nil
        wakeRequested = false
    }

    private func unparkAll() async {
        for index in queue.indices where queue[index].parked {
            queue[index].parked = false
            await persist(queue[index])
        }
    }

    private func isStale(_ entry: OutboxEntry) -> Bool {
        environment.now().timeIntervalSince(entry.notification.createdAt) > settings.outboxMaxAge.seconds
    }

    private func drop(_ entry: OutboxEntry) async {
        logger.warning("dropping undelivered notification older than outbox_max_age", metadata: [
            "notification": "\(entry.notification.id)", "createdAt": "\(entry.notification.createdAt)",
            "attempts": "\(entry.attempts)", "lastError": "\(entry.lastError ?? "none")",
        ])
        queue.removeAll { $0.notification.id == entry.notification.id }
        await unpersist(entry)
        NotificationMetrics.count(notifier.name, .dropped)
    }

    private func pace() async {
        guard let lastStart, notifier.minimumInterval > .zero else { return }
        let elapsed = environment.now().timeIntervalSince(lastStart)
        let remaining = notifier.minimumInterval.seconds - elapsed
        if remaining > 0 { try? await environment.sleep(.milliseconds(Int64(remaining * 1000))) }
    }

    private func update(_ id: String, _ change: (inout OutboxEntry) -> Void) async {
        guard let index = queue.firstIndex(where: { $0.notification.id == id }) else { return }
        change(&queue[index])
        await persist(queue[index])
    }

    private func remember(_ id: String) async {
        delivered.append(id)
        if delivered.count > Self.deliveredMemory { delivered.removeFirst(delivered.count - Self.deliveredMemory) }
        do {
            try await outbox?.saveDelivered(delivered, notifier: notifier.name)
        } catch {
            logger.warning("could not record delivery in the outbox ledger: \(error)")
        }
    }

    private func persist(_ entry: OutboxEntry) async {
        do {
            try await outbox?.save(entry)
        } catch {
            logger.error("could not write the outbox; the notification is kept in memory only: \(error)",
                         metadata: ["notification": "\(entry.notification.id)"])
        }
    }

    private func unpersist(_ entry: OutboxEntry) async {
        do {
            try await outbox?.remove(entry)
        } catch {
            logger.error("could not remove a delivered notification from the outbox: \(error)",
                         metadata: ["notification": "\(entry.notification.id)"])
        }
    }

    private func resumeIdleWaiters() {
        let waiters = idleWaiters
        idleWaiters = []
        waiters.forEach { $0.resume() }
    }
}
