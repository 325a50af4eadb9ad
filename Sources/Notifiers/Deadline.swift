import CurlTransport
import Foundation
import Synchronization

/// Runs one delivery attempt with a time limit that holds even if the notifier ignores cancellation.
///
/// A task group would wait for a hung child before returning, so the attempt runs in an unstructured
/// task and whichever finishes first, the attempt or the timer, resumes the caller. A hung attempt is
/// cancelled and left to finish on its own; the caller moves on. Cancelling the caller does not cut an
/// attempt short: a shutdown lets the delivery in flight finish (within `timeout`) so it is not sent
/// again after the restart.
enum Deadline {
    static func run(notifier: String, timeout: Duration,
                    _ operation: @escaping @Sendable () async throws(NotifierError) -> Void)
        async -> Result<Void, NotifierError> {
        let gate = Mutex<CheckedContinuation<Result<Void, NotifierError>, Never>?>(nil)
        let tasks = Mutex<[Task<Void, Never>]>([])
        let finish: @Sendable (Result<Void, NotifierError>) -> Void = { result in
            let continuation = gate.withLock { stored -> CheckedContinuation<Result<Void, NotifierError>, Never>? in
                defer { stored = nil }
                return stored
            }
            guard let continuation else { return }
            tasks.withLock { $0.forEach { $0.cancel() } }
            continuation.resume(returning: result)
        }
        return await withCheckedContinuation { continuation in
            gate.withLock { $0 = continuation }
            let work = Task {
                do throws(NotifierError) {
                    try await operation()
                    finish(.success(()))
                } catch {
                    finish(.failure(error))
                }
            }
            let timer = Task {
                try? await Task.sleep(for: timeout)
                guard !Task.isCancelled else { return }
                finish(.failure(NotifierError(notifier: notifier, reason: .connection,
                                              message: "no answer within \(timeout.secondsText)")))
            }
            tasks.withLock { $0 = [work, timer] }
            // The attempt may have finished before the tasks were recorded; stop the timer then.
            if gate.withLock({ $0 == nil }) {
                work.cancel()
                timer.cancel()
            }
        }
    }
}

extension Double {
    /// At most two decimals, trailing zeros dropped: `80`, `80.5`, `91.25`.
    var formatted2: String {
        let rounded = (self * 100).rounded() / 100
        if rounded == rounded.rounded(), abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
