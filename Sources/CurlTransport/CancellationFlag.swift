import Synchronization

/// A flag another thread sets to stop a running transfer.
///
/// libcurl polls it through the progress callback (about once a second and on every chunk), so
/// a cancelled transfer ends promptly without closing the handle from a foreign thread.
public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    /// Asks the transfer to stop; it fails with ``CurlTransportError/Kind/cancelled``.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    /// True once ``cancel()`` was called.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
