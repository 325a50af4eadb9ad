import Foundation

/// The grouped result of one scan for one cluster: what started firing, what is still firing, what resolved.
///
/// Every notifier receives the same value; each renders it in its own way. A notification is
/// delivered as a unit (one Slack message where the limits allow, one email), never as one message per alert.
/// Named `AlertNotification` because Foundation already has a `Notification` and every file importing both
/// would otherwise have to qualify it.
public struct AlertNotification: Hashable, Codable, Sendable, Identifiable {
    /// Stable identity: the outbox file name and the key for duplicate suppression. The default is derived
    /// from the content, so rebuilding the same notification (for example after a restart) gives the same id.
    public var id: String
    public var cluster: String
    /// The scan time the notification reports (the `now` handed to the evaluator), not the send time.
    public var createdAt: Date
    public var firing: [Alert]
    public var reminders: [Alert]
    public var resolved: [Alert]
    /// A `notify-test` message: notifiers mark it clearly as a test.
    public var isTest: Bool

    public init(id: String? = nil, cluster: String, createdAt: Date, firing: [Alert] = [],
                reminders: [Alert] = [], resolved: [Alert] = [], isTest: Bool = false) {
        self.cluster = cluster
        self.createdAt = createdAt
        self.firing = firing
        self.reminders = reminders
        self.resolved = resolved
        self.isTest = isTest
        self.id = id ?? AlertNotification.contentID(cluster: cluster, createdAt: createdAt,
                                               alerts: firing + reminders + resolved, isTest: isTest)
    }

    /// All alerts in display order: firing, then reminders, then resolved.
    public var alerts: [Alert] { firing + reminders + resolved }

    /// True when the scan changed nothing worth telling.
    public var isEmpty: Bool { firing.isEmpty && reminders.isEmpty && resolved.isEmpty }

    /// A clearly marked test notification with one firing alert on a fictitious node, for `notify-test`.
    public static func test(cluster: String, at now: Date) -> AlertNotification {
        let key = AlertKey(cluster: cluster, object: .node("kubecapwatch-test-node"), measure: .cpuRequests)
        let figures = AlertFigures(value: 3650, allocatable: 4000, percent: 91.25, threshold: 80, resource: .cpu)
        let alert = Alert(key: key, state: .firing, figures: figures, firingSince: now,
                          detail: "This is a test alert sent by kubecapwatch notify-test.")
        return AlertNotification(cluster: cluster, createdAt: now, firing: [alert], isTest: true)
    }

    /// 16 hex digits of FNV-1a over a canonical rendering; not cryptographic, only stable across processes
    /// (Swift's `Hasher` is seeded per process, so it cannot be used here).
    private static func contentID(cluster: String, createdAt: Date, alerts: [Alert], isTest: Bool) -> String {
        var canonical = "\(cluster)\n\(Int64((createdAt.timeIntervalSince1970 * 1000).rounded()))\n\(isTest)"
        for alert in alerts {
            canonical += "\n\(alert.state.rawValue) \(alert.key) \(alert.reminder)"
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in canonical.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
