import Synchronization

/// The latest ``ServiceSnapshot``, behind a lock held only to copy or replace the value: readers never wait for
/// a scan, and the engine never waits for a reader.
public final class PublishedSnapshot: Sendable {
    private let value: Mutex<ServiceSnapshot>

    public init(_ initial: ServiceSnapshot) {
        value = Mutex(initial)
    }

    /// The latest snapshot.
    public var current: ServiceSnapshot { value.withLock { $0 } }

    /// Changes the published snapshot in place; returns what `change` returns.
    @discardableResult
    public func update<Result>(_ change: (inout ServiceSnapshot) -> Result) -> Result {
        value.withLock { change(&$0) }
    }
}
