import Synchronization

/// A change in whether a notifier delivers, as the ``Dispatcher`` reports it to whoever raises the watcher's
/// own "notifier failing" alert through the other channels.
public enum ChannelHealth: Sendable, Equatable {
    /// The notifier failed for a reason retrying cannot fix, or has failed for longer than
    /// ``Dispatcher/Configuration/failingAfter``; reported once until it delivers again.
    case failing(NotifierError)
    /// The notifier delivered again after it was reported failing (or marked so with ``Dispatcher/markFailing(_:)``).
    case recovered(notifier: String)

    /// The notifier concerned.
    public var notifier: String {
        switch self {
        case .failing(let error): error.notifier
        case .recovered(let notifier): notifier
        }
    }
}

/// Hands the lanes' health changes to the handler the dispatcher's owner installed, if any.
final class HealthRelay: Sendable {
    typealias Handler = @Sendable (ChannelHealth) async -> Void
    private let handler = Mutex<Handler?>(nil)

    func install(_ newHandler: @escaping Handler) {
        handler.withLock { $0 = newHandler }
    }

    /// Awaited by the lane, so the handler has done its work (queued the alert elsewhere) before the lane counts
    /// as idle: `run --once` then waits for that alert as well.
    func report(_ event: ChannelHealth) async {
        guard let handler = handler.withLock({ $0 }) else { return }
        await handler(event)
    }
}
