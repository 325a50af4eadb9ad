import Alerting
import Foundation
import Logging

/// The queue and worker of one notifier: delivers its pending notifications one at a time, in order,
/// paced, retried, and persisted in the outbox until done.
///
/// One lane per notifier is what keeps a failing channel from delaying the others, and serial
/// delivery within a lane keeps a RESOLVED from overtaking its FIRING.
actor DeliveryLane {
    let notifier: any Notifier
    private let outbox: Outbox
    private let settings: Dispatcher.Configuration
    private let environment: DispatchEnvironment
    private let logger: Logger

    private var queue: [OutboxEntry] = []
    private var delivered: [String]
    private var worker: Task<Void, Never>?
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var lastStart: Date?
    private var stopped = false

    init(notifier: any Notifier, outbox: Outbox, settings: Dispatcher.Configuration,
         environment: DispatchEnvironment, logger: Logger) {
        self.notifier = notifier
        self.outbox = outbox
        self.settings = settings
        self.environment = environment
        var logger = logger
        logger[metadataKey: "notifier"] = "\(notifier.name)"
        self.logger = logger
        self.delivered = outbox.ledger(notifier: notifier.name)
    }

    /// Takes over what an earlier process left in the outbox; parked entries get one more try.
    func recover() {
        let entries = outbox.load(notifier: notifier.name, logger: logger)
        guard !entries.isEmpty else { return }
        logger.info("resuming undelivered notifications from the outbox", metadata: ["count": "\(entries.count)"])
        for var entry in entries {
            if delivered.contains(entry.notification.id) {
                // Delivered, but the process stopped before the file was removed.
                unpersist(entry)
                continue
            }
            guard !isKnown(entry.notification.id) else { continue }
            entry.parked = false
            queue.append(entry)
        }
        startWorker()
    }

    /// Persists and queues `notification`, unless this lane already has or had it.
    func enqueue(_ notification: AlertNotification) {
        guard !isKnown(notification.id) else {
            logger.debug("notification already queued or delivered", metadata: ["notification": "\(notification.id)"])
            return
        }
        let entry = OutboxEntry(notifier: notifier.name, notification: notification, enqueuedAt: environment.now())
        persist(entry)
        queue.append(entry)
        startWorker()
    }

    /// Number of entries not yet delivered, parked ones included.
    var pendingCount: Int { queue.count }

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
        while !Task.isCancelled, let entry = queue.first(where: { !$0.parked }) {
            if isStale(entry) {
                drop(entry)
                continue
            }
            await pace()
            if Task.isCancelled { break }
            lastStart = environment.now()
            let result = await attempt(entry)
            // Settled even when stopping, so a delivered notification is not sent again after a restart.
            await settle(entry, result)
        }
        if !Task.isCancelled {
            worker = nil
            resumeIdleWaiters()
        }
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
            logger.info("notification delivered", metadata: ["notification": "\(id)", "attempts": "\(entry.attempts + 1)"])
            remember(id)
            queue.removeAll { $0.notification.id == id }
            unpersist(entry)
        case .failure(let error) where error.isPermanent:
            logger.error("notification not delivered, not retrying until restart: \(error)",
                         metadata: ["notification": "\(id)"])
            update(id) {
                $0.attempts += 1
                $0.lastError = error.description
                $0.parked = true
            }
        case .failure(let error):
            var failures = entry.attempts + 1
            update(id) {
                $0.attempts += 1
                $0.lastError = error.description
                failures = $0.attempts
            }
            let backoff = settings.retry.delay(afterFailures: failures, random: environment.random())
            let wait = max(backoff, error.retryAfter ?? .zero)
            logger.warning("notification not delivered, retrying in \(wait.seconds.formatted2)s: \(error)",
                           metadata: ["notification": "\(id)", "attempts": "\(failures)"])
            if !Task.isCancelled { try? await environment.sleep(wait) }
        }
    }

    private func isStale(_ entry: OutboxEntry) -> Bool {
        environment.now().timeIntervalSince(entry.notification.createdAt) > settings.outboxMaxAge.seconds
    }

    private func drop(_ entry: OutboxEntry) {
        logger.warning("dropping undelivered notification older than outbox_max_age", metadata: [
            "notification": "\(entry.notification.id)", "createdAt": "\(entry.notification.createdAt)",
            "attempts": "\(entry.attempts)", "lastError": "\(entry.lastError ?? "none")",
        ])
        queue.removeAll { $0.notification.id == entry.notification.id }
        unpersist(entry)
    }

    private func pace() async {
        guard let lastStart, notifier.minimumInterval > .zero else { return }
        let elapsed = environment.now().timeIntervalSince(lastStart)
        let remaining = notifier.minimumInterval.seconds - elapsed
        if remaining > 0 { try? await environment.sleep(.milliseconds(Int64(remaining * 1000))) }
    }

    private func update(_ id: String, _ change: (inout OutboxEntry) -> Void) {
        guard let index = queue.firstIndex(where: { $0.notification.id == id }) else { return }
        change(&queue[index])
        persist(queue[index])
    }

    private func remember(_ id: String) {
        delivered.append(id)
        if delivered.count > Outbox.ledgerSize { delivered.removeFirst(delivered.count - Outbox.ledgerSize) }
        do {
            try outbox.saveLedger(delivered, notifier: notifier.name)
        } catch {
            logger.warning("could not record delivery in the outbox ledger: \(error)")
        }
    }

    private func persist(_ entry: OutboxEntry) {
        do {
            try outbox.save(entry)
        } catch {
            logger.error("could not write the outbox; the notification is kept in memory only: \(error)",
                         metadata: ["notification": "\(entry.notification.id)"])
        }
    }

    private func unpersist(_ entry: OutboxEntry) {
        do {
            try outbox.remove(entry)
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
