import Alerting
import Foundation

/// One notification waiting for one notifier, as an ``OutboxStore`` keeps it.
public struct OutboxEntry: Codable, Sendable, Equatable {
    /// Format version, so a later release can read or discard older entries knowingly.
    public var version = 1
    public var notifier: String
    public var notification: AlertNotification
    /// When it entered the outbox (the notification's own `createdAt` decides staleness).
    public var enqueuedAt: Date
    /// Failed attempts so far.
    public var attempts = 0
    /// The last failure, secret-free, for operators reading the store.
    public var lastError: String?
    /// Set after a permanent failure: this process stops trying, the next one (perhaps with a fixed
    /// configuration) tries once more, until the entry grows stale.
    public var parked = false

    public init(notifier: String, notification: AlertNotification, enqueuedAt: Date) {
        self.notifier = notifier
        self.notification = notification
        self.enqueuedAt = enqueuedAt
    }
}
