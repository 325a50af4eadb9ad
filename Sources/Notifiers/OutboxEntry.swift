import Alerting
import Foundation

/// One notification waiting for one notifier, as stored in the outbox.
struct OutboxEntry: Codable, Sendable, Equatable {
    /// File format version, so a later release can read or discard older files knowingly.
    var version = 1
    var notifier: String
    var notification: AlertNotification
    /// When it entered the outbox (the notification's own `createdAt` decides staleness).
    var enqueuedAt: Date
    /// Failed attempts so far.
    var attempts = 0
    /// The last failure, secret-free, for operators reading the folder.
    var lastError: String?
    /// Set after a permanent failure: this process stops trying, the next one (perhaps with a fixed
    /// configuration) tries once more, until the entry grows stale.
    var parked = false

    /// `<createdAt in ms, zero-padded>-<id>.json`: name order is delivery order.
    var fileName: String {
        let millis = max(0, Int64((notification.createdAt.timeIntervalSince1970 * 1000).rounded()))
        let padded = String(repeating: "0", count: max(0, 15 - String(millis).count)) + String(millis)
        return "\(padded)-\(OutboxEntry.safe(notification.id)).json"
    }

    /// File-name-safe form of an id or notifier name; ids are hex already, names are config keys.
    static func safe(_ text: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        let cleaned = String(text.map { allowed.contains($0) ? $0 : "_" })
        return cleaned.isEmpty || cleaned.hasPrefix(".") ? "_" + cleaned : cleaned
    }
}
