import Dispatch
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

    /// Runs blocking `work` on a Dispatch thread, off Swift's cooperative pool, with a flag that
    /// cancelling the calling task sets (at once if the task is already cancelled).
    ///
    /// `work` must look at the flag often enough to end soon after it is set: the task waits for it.
    /// Work that cannot fail needs no `try`.
    public static func offloading<T: Sendable, Failure: Error>(
        _ work: @escaping @Sendable (CancellationFlag) throws(Failure) -> T
    ) async throws(Failure) -> T {
        let flag = CancellationFlag()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, Failure>, Never>) in
                if Task.isCancelled { flag.cancel() }
                DispatchQueue.global().async {
                    continuation.resume(returning: Result { () throws(Failure) -> T in try work(flag) })
                }
            }
        } onCancel: {
            flag.cancel()
        }
        return try result.get()
    }
}
