import Synchronization

/// Counts the expensive responses being made (reports with pod rows, graphs), so that many requests at once get a
/// quick 503 instead of each holding tens of megabytes and a core.
final class ReportSlots: Sendable {
    private let inUse = Mutex(0)
    let limit: Int

    init(limit: Int) { self.limit = max(1, limit) }

    /// Runs `work` in a free slot, or throws 503 when all are taken.
    func run<T: Sendable>(_ work: () async throws -> T) async throws -> T {
        let taken = inUse.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard taken else {
            throw APIError(status: .serviceUnavailable, message: "busy: \(limit) reports are being made; try again shortly",
                           headers: [.retryAfter: "1"])
        }
        defer { inUse.withLock { $0 -= 1 } }
        return try await work()
    }
}
