import CurlTransport
import Foundation
@testable import KubeClient
import KubeModel
import Testing
import TestSupport

/// Every failure ends in one readable line, with retries where they help, and never a secret.
@Suite("API errors and retries against the test API server")
struct ErrorIntegrationTests {
    /// Asserts that nothing secret of `server` appears in `text`.
    private func expectNoSecrets(_ text: String?, _ server: TestAPIServer) {
        guard let text else { return }
        #expect(!text.contains(server.token))
        #expect(!text.contains(server.basicPassword))
    }

    @Test func unauthorizedNamesTheUserEntry() async throws {
        let server = try await Fixtures.startSmall()
        try await server.setTokens(["something-else-entirely"])
        let client = try Fixtures.client(server)
        let error = await #expect(throws: KubeClientError.self) { try await Fixtures.nodeNames(client) }
        #expect(error?.description.hasPrefix("\(server.url.absoluteString) rejected the credentials of user entry \"token-user\" of context \"test\" (401 Unauthorized") == true)
        expectNoSecrets(error?.description, server)
    }

    @Test func forbiddenQuotesTheServer() async throws {
        let server = try await Fixtures.startSmall()
        try await server.addFault(.forbidden(pathPrefix: "/api/v1/pods"))
        let client = try Fixtures.client(server)
        let error = await #expect(throws: KubeClientError.self) { try await Fixtures.listAll(client, .pods, as: Pod.self) }
        let text = try #require(error?.description)
        #expect(text.contains("denied user entry \"token-user\" of context \"test\" (403 Forbidden): pods is forbidden: User \"test-user\" cannot list resource \"pods\" in API group \"\" at the cluster scope"))
        expectNoSecrets(text, server)
    }

    @Test func missingAPIGroupIsNotFound() async throws {
        let server = try await TestAPIServer.start(snapshot: Fixtures.smallCluster, metricsServer: false)
        let client = try Fixtures.client(server)
        let metrics = ResourcePath(group: "metrics.k8s.io", version: "v1beta1", resource: "pods")
        let error = await #expect(throws: KubeClientError.self) { try await Fixtures.listAll(client, metrics, as: Pod.self) }
        #expect(error?.description == "\(server.url.absoluteString) does not serve pods (metrics.k8s.io/v1beta1) (404 Not Found on /apis/metrics.k8s.io/v1beta1/pods); is the API group installed and the version right?")
    }

    /// Lists pods in pages of 5, dropping what was collected at each restart as the scan does.
    private func podNamesCountingRestarts(_ server: TestAPIServer) async throws -> (restarts: Int, names: [String]) {
        let client = try Fixtures.client(server)
        var restarts = 0
        var names: [String] = []
        try await client.list(.pods, as: Pod.self, options: ListOptions(limit: 5)) { names += $0.items.map(\.metadata.name) } onRestart: {
            restarts += 1
            names.removeAll()
        }
        return (restarts, names)
    }

    @Test func expiredContinueRestartsTheListOnce() async throws {
        let server = try await TestAPIServer.start(snapshot: Fixtures.syntheticCluster(nodes: 2, pods: 20))
        try await server.addFault(.expiredContinue(pathPrefix: "/api/v1/pods"))
        let (restarts, names) = try await podNamesCountingRestarts(server)
        #expect(restarts == 1)
        #expect(names.count == 20 && Set(names).count == 20)
    }

    @Test func expiredContinueTwiceFallsBackToOneUnpagedList() async throws {
        let server = try await TestAPIServer.start(snapshot: Fixtures.syntheticCluster(nodes: 2, pods: 20))
        try await server.addFault(.expiredContinue(pathPrefix: "/api/v1/pods", count: 2))
        let (restarts, names) = try await podNamesCountingRestarts(server)
        #expect(restarts == 2)
        #expect(names.count == 20 && Set(names).count == 20)
        // Like client-go's pager: after the second expiry, one LIST without limit (and so without a token to expire).
        let last = try #require(try await server.requests().last)
        #expect(last.status == 200 && last.query.isEmpty, "\(last)")
    }

    @Test func continueTokensExpiringOnOnePageInFiveNeverFailTheList() async throws {
        let server = try await TestAPIServer.start(snapshot: Fixtures.syntheticCluster(nodes: 2, pods: 60))
        try await server.addFault(.expiredContinue(pathPrefix: "/api/v1/pods", count: -1, every: 5))
        let client = try Fixtures.client(server)
        for _ in 0..<3 {
            let pods = try await Fixtures.listAll(client, .pods, as: Pod.self, options: ListOptions(limit: 5))
            #expect(pods.count == 60 && Set(pods.map(\.metadata.name)).count == 60)
        }
        #expect(try await server.requests().contains { $0.status == 410 })
    }

    @Test func expiryOfTheUnpagedListToo() async throws {
        let server = try await TestAPIServer.start(snapshot: Fixtures.syntheticCluster(nodes: 2, pods: 20))
        try await server.addFault(.expiredContinue(pathPrefix: "/api/v1/pods", count: 2))
        // A second fault sees only the requests the first lets through (the two first pages and the LIST without
        // paging), so firing on its third answers that LIST with 410 too: nothing is left to fall back to.
        try await server.addFault(TestAPIServer.Fault(pathPrefix: "/api/v1/pods", status: 410, every: 3))
        let client = try Fixtures.client(server)
        let error = await #expect(throws: KubeClientError.self) {
            try await Fixtures.listAll(client, .pods, as: Pod.self, options: ListOptions(limit: 5))
        }
        #expect(error == .listExpired(server: server.url.absoluteString, resource: "pods"))
    }

    @Test func tooManyRequestsHonoursRetryAfter() async throws {
        let server = try await Fixtures.startSmall()
        try await server.addFault(.status(429, pathPrefix: "/api/v1/nodes", count: 2, retryAfter: 3))
        let sleeps = SleepRecorder()
        let client = try Fixtures.client(server, retry: sleeps.policy(maxAttempts: 4))
        #expect(try await Fixtures.nodeNames(client).count == 2)
        #expect(sleeps.recorded == [.seconds(3), .seconds(3)])
    }

    @Test func serverErrorsBackOffThenGiveUp() async throws {
        let server = try await Fixtures.startSmall()
        try await server.addFault(.status(500, pathPrefix: "/api/v1/nodes", count: -1))
        let sleeps = SleepRecorder()
        let client = try Fixtures.client(server, retry: sleeps.policy(maxAttempts: 4))
        let error = await #expect(throws: KubeClientError.self) { try await Fixtures.nodeNames(client) }
        #expect(error?.description.hasPrefix("\(server.url.absoluteString)/api/v1/nodes answered 500 Internal Server Error after 4 attempts") == true)
        #expect(error?.isTransient == true)
        let delays = sleeps.recorded
        #expect(delays.count == 3)
        // Equal jitter: each delay lies in [half, whole] of 100ms, 200ms, 400ms.
        for (index, delay) in delays.enumerated() {
            let whole = Duration.milliseconds(100 << index)
            #expect(delay >= whole / 2 && delay <= whole)
        }
        #expect(try await server.requests().count == 4)
    }

    @Test func connectionDroppedMidBodyIsRetried() async throws {
        let server = try await TestAPIServer.start(snapshot: Fixtures.syntheticCluster(nodes: 2, pods: 40))
        try await server.addFault(.dropMidBody(pathPrefix: "/api/v1/pods"))
        let sleeps = SleepRecorder()
        let client = try Fixtures.client(server, retry: sleeps.policy(maxAttempts: 3))
        #expect(try await Fixtures.listAll(client, .pods, as: Pod.self).count == 40)
        #expect(sleeps.recorded.count == 1)
    }

    @Test func slowServerTimesOut() async throws {
        let server = try await Fixtures.startSmall()
        try await server.addFault(.delay(5, pathPrefix: "/api/v1/nodes", count: 2))
        let sleeps = SleepRecorder()
        let client = try Fixtures.client(server, retry: sleeps.policy(maxAttempts: 2), requestTimeout: .milliseconds(500))
        let error = await #expect(throws: KubeClientError.self) { try await Fixtures.nodeNames(client) }
        #expect(error?.description.hasPrefix("cannot reach the API server \(server.url.absoluteString): timed out (") == true)
        #expect(error?.description.hasSuffix(", after 2 attempts") == true)
    }

    @Test func connectionRefusedNamesTheServer() async throws {
        let configuration = KubeClientConfiguration(server: "https://127.0.0.1:9", retry: APIRetryPolicy(maxAttempts: 1))
        let error = await #expect(throws: KubeClientError.self) {
            try await Fixtures.nodeNames(KubeClient(configuration: configuration))
        }
        #expect(error?.description.hasPrefix("cannot reach the API server https://127.0.0.1:9: connection refused (") == true)
    }

    @Test func untrustedCertificateIsATLSFailure() async throws {
        let server = try await Fixtures.startSmall()
        let configuration = KubeClientConfiguration(server: server.url.absoluteString,
                                                    credentials: StaticCredentialProvider(RequestCredentials(authorization: "Bearer \(server.token)")),
                                                    retry: APIRetryPolicy(maxAttempts: 3))
        let error = await #expect(throws: KubeClientError.self) { try await Fixtures.nodeNames(KubeClient(configuration: configuration)) }
        guard case .unreachable(_, let transport, let attempts)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(transport.kind == .tls)
        #expect(transport.tlsProblem == .untrustedCertificate)
        #expect(error?.description.hasPrefix("\(server.url.absoluteString): the server's certificate is not trusted (SSL certificate problem: ") == true)
        #expect(attempts == 1, "TLS failures are not retried")
        expectNoSecrets(error?.description, server)
    }

    @Test func malformedObjectIsSkippedAndReported() async throws {
        let server = try await Fixtures.startSmall()
        let body = #"{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"good","namespace":"a"},"spec":{"containers":[]},"status":{}},{"metadata":{"name":"bad","namespace":"b"},"spec":{"containers":"oops"}}]}"#
        try await server.addFault(.body(body, pathPrefix: "/api/v1/pods"))
        let client = try Fixtures.client(server)
        var rejected: [RejectedItem] = []
        var items: [Pod] = []
        try await client.list(.pods, as: Pod.self) { page in
            items += page.items
            rejected += page.rejected
        } onRestart: {}
        #expect(items.map(\.metadata.name) == ["good"])
        #expect(rejected.map(\.objectName) == ["b/bad"])
    }

    @Test func malformedBodyFailsTheList() async throws {
        let server = try await Fixtures.startSmall()
        try await server.addFault(.body("<html><body>502 upstream</body></html>", pathPrefix: "/api/v1/pods", contentType: "text/html"))
        try await server.addFault(.body(#"{"kind":"Status","status":"Success"}"#, pathPrefix: "/api/v1/nodes"))
        let client = try Fixtures.client(server)
        let html = await #expect(throws: KubeClientError.self) { try await Fixtures.listAll(client, .pods, as: Pod.self) }
        #expect(html?.description.hasPrefix("\(server.url.absoluteString)/api/v1/pods sent a response that is not valid Kubernetes JSON (Content-Type text/html): ") == true)
        let status = await #expect(throws: KubeClientError.self) { try await Fixtures.nodeNames(client) }
        #expect(status?.description.contains("the response is a Status without items, not a list") == true)
    }
}
