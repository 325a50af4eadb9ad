import Foundation
@testable import KubeClient
import KubeModel
import Testing
import TestSupport

/// Cancelling the task that lists (what a stop of the service does) ends the list at once with a
/// `CancellationError`, whether it waits on a slow response or between retries.
@Suite("Cancellation reaches the transfer and the retry sleeps", .timeLimit(.minutes(1)))
struct CancellationTests {
    /// Starts `list` in a task, waits until the server has answered `requests` requests, then cancels the task.
    func cancel<T: Sendable>(after requests: Int, on server: TestAPIServer,
                             _ list: @escaping @Sendable () async throws -> T) async throws -> Result<T, any Error> {
        let task = Task { try await list() }
        for _ in 0..<400 where try await server.requests().count < requests {
            try await Task.sleep(for: .milliseconds(25))
        }
        task.cancel()
        return await task.result
    }

    @Test func cancellingStopsASlowRequest() async throws {
        let server = try await TestAPIServer.start(snapshot: Fixtures.syntheticCluster(nodes: 2, pods: 20))
        // The first page comes at once, the second takes ten minutes: the cancel lands while it is awaited.
        try await server.addFault(TestAPIServer.Fault(pathPrefix: "/api/v1/pods", delay: 600, queryContains: "continue="))
        let client = try Fixtures.client(server, requestTimeout: .seconds(900))
        let result = try await cancel(after: 1, on: server) {
            try await Fixtures.listAll(client, .pods, as: Pod.self, options: ListOptions(limit: 5))
        }
        #expect(throws: CancellationError.self) { try result.get() }
    }

    @Test func cancellingStopsTheBackoffBetweenRetries() async throws {
        let server = try await Fixtures.startSmall()
        try await server.addFault(.status(503, pathPrefix: "/api/v1/nodes", count: -1))
        // A real sleep of ten minutes between attempts: only cancellation can end it in time.
        let retry = APIRetryPolicy(maxAttempts: 5, baseDelay: .seconds(600), maxDelay: .seconds(600))
        let client = try Fixtures.client(server, retry: retry)
        let result = try await cancel(after: 1, on: server) { try await Fixtures.nodeNames(client) }
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(try await server.requests().count == 1, "no attempt after the cancelled sleep")
    }
}
