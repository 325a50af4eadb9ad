import Foundation
import Logging
import VolumeGraph

/// Reads the relationship graph's objects for the HTTP service, with the `graph` command's code, so that no
/// number of requests can turn into a stream of LISTs: one read at a time (a request that arrives during a read
/// waits for it), the latest read answered again while it is younger than `maxAge`, and a read that takes longer
/// than `timeout` cancelled (with its API requests).
///
/// Only the latest read is kept: a graph inventory holds complete objects, far more than the capacity rows.
public actor GraphInventoryCache {
    private struct Key: Equatable {
        var kinds: GraphKinds
        var namespaces: [String]
    }

    private var latest: (key: Key, read: GraphInventoryRead)?
    private var reading: Task<GraphInventoryRead, any Error>?
    private let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    /// Why a read did not end in time.
    public struct Timeout: Error, CustomStringConvertible {
        public var limit: Duration
        public var description: String {
            "the cluster's objects could not be read within \(limit.components.seconds) s"
        }
    }

    /// The inventory of `kinds` in `namespaces` (empty: all) from `source`, read now or up to `maxAge` ago.
    public func read(kinds: GraphKinds, namespaces: [String], source: SourceSettings, maxAge: Duration,
                     timeout: Duration, now: @escaping @Sendable () -> Date = Date.init) async throws -> GraphInventoryRead {
        let key = Key(kinds: kinds, namespaces: Set(namespaces).sorted())
        while true {
            if let latest, latest.key == key, now().timeIntervalSince(latest.read.readAt) < maxAge.seconds {
                return latest.read
            }
            guard let reading else { break }
            // One read at a time: wait for the one under way, then look again (it may be the one wanted).
            _ = try? await reading.value
        }
        let logger = self.logger
        let task = Task { try await Self.bounded(timeout) { try await Self.fetch(key, source, logger, now) } }
        reading = task
        defer { reading = nil }
        let read = try await task.value
        latest = (key, read)
        return read
    }

    private static func fetch(_ key: Key, _ source: SourceSettings, _ logger: Logger,
                              _ now: @Sendable () -> Date) async throws -> GraphInventoryRead {
        let connection = try ClusterConnection.open(source, logger: logger)
        let (inventory, rejected) = try await InventoryReader(kinds: key.kinds, namespaces: key.namespaces).read(connection)
        for item in rejected { logger.warning("graph: skipped an object that could not be decoded: \(item)") }
        return GraphInventoryRead(inventory: inventory, rejected: rejected, readAt: now())
    }

    /// `work`'s result, or ``Timeout`` once `limit` has passed (`work` is then cancelled).
    private static func bounded<T: Sendable>(_ limit: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: limit)
                throw Timeout(limit: limit)
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }
}

extension Duration {
    /// Whole and fractional seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
