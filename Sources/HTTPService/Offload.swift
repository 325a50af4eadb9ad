import Dispatch

/// Runs CPU-heavy or blocking work (rendering a 150,000-pod report, running Graphviz) on a Dispatch thread, not
/// on Swift's cooperative pool, whose two threads on a two-core machine the scan loop needs too.
func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .utility).async { continuation.resume(with: Result { try work() }) }
    }
}
