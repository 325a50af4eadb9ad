import Alerting
import Synchronization

/// A notifier that could not be set up when the service started, for a reason that can change without a new
/// configuration (a secret or CA file that cannot be read): every delivery tries the set-up again.
///
/// Its lane keeps the notifications (in the outbox), reports the channel failing at once, and tries again
/// before each later notification; once the file is back, the set-up succeeds, the backlog goes out in order and
/// the channel is reported recovered.
public final class DeferredNotifier: Notifier {
    public let name: String
    private let setUp: @Sendable () throws(NotifierError) -> any Notifier
    private let ready = Mutex<(any Notifier)?>(nil)

    /// - Parameter setUp: builds the real notifier (reading its files again); called until it succeeds.
    public init(name: String, setUp: @escaping @Sendable () throws(NotifierError) -> any Notifier) {
        self.name = name
        self.setUp = setUp
    }

    public var minimumInterval: Duration { ready.withLock { $0?.minimumInterval } ?? .zero }

    public func deliver(_ notification: AlertNotification) async throws(NotifierError) {
        try await current().deliver(notification)
    }

    private func current() throws(NotifierError) -> any Notifier {
        if let notifier = ready.withLock({ $0 }) { return notifier }
        let notifier: any Notifier
        do {
            notifier = try setUp()
        } catch {
            throw NotifierError(notifier: name, reason: .unavailable, key: error.key, message: error.message)
        }
        ready.withLock { $0 = notifier }
        return notifier
    }
}
