import CurlTransport
import Foundation
import Testing

@Suite("CurlSession against a real HTTPS server")
struct CurlSessionTests {
    let server: HTTPSEchoServer
    let session: CurlSession

    init() throws {
        server = try HTTPSEchoServer()
        session = CurlSession(configuration: CurlSessionConfiguration(
            connectTimeout: .seconds(5), timeout: .seconds(10), tls: TLSOptions(certificateAuthority: .file(server.info.ca))))
    }

    @Test func getSendsHeadersAndReturnsBody() throws {
        let response = try session.perform(HTTPRequest(url: server.url("/hello?x=1"), headers: ["Accept": "application/json"]))
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json")
        let echo = try Echo(response.body)
        #expect(echo.method == "GET")
        #expect(echo.path == "/hello")
        #expect(echo.query == "x=1")
        #expect(echo.header("Accept") == "application/json")
        #expect(echo.header("User-Agent") == "kubecapwatch")
    }

    @Test(arguments: ["POST", "PUT", "PATCH", "DELETE"])
    func methodsCarryTheirBody(method: String) throws {
        let body = Data("{\"text\":\"héllo\"}".utf8)
        let response = try session.perform(HTTPRequest(method: method, url: server.url(), headers: ["Content-Type": "application/json"], body: body))
        let echo = try Echo(response.body)
        #expect(echo.method == method)
        #expect(echo.body == "{\"text\":\"héllo\"}")
        #expect(echo.header("Content-Type") == "application/json")
        #expect(echo.header("Expect") == nil)
    }

    @Test func headReturnsHeadersOnly() throws {
        let response = try session.perform(HTTPRequest(method: "HEAD", url: server.url()))
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
    }

    @Test func errorStatusesAreResponsesWithHeaders() throws {
        let response = try session.perform(HTTPRequest(url: server.url("/?status=429&header=Retry-After:7&header=X-Two:a")))
        #expect(response.status == 429)
        #expect(!response.isSuccess)
        #expect(response.head.retryAfter() == .seconds(7))
        #expect(response.headers["x-two"] == "a")
    }

    @Test func retryAfterAcceptsHTTPDate() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        let head = HTTPResponseHead(status: 503, headers: ["Retry-After": "Tue, 14 Nov 2023 22:13:40 GMT"])
        #expect(head.retryAfter(now: now) == .seconds(20))
    }

    @Test func connectionsAreReused() throws {
        let first = try Echo(session.perform(HTTPRequest(url: server.url())).body)
        let second = try Echo(session.perform(HTTPRequest(url: server.url())).body)
        #expect(first.clientPort == second.clientPort)
    }

    @Test func concurrentAsyncRequestsAllSucceed() async throws {
        let session = self.session
        let url = server.url("/?delay=0.2")
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { try await session.send(HTTPRequest(url: url)).status } }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 200, count: 8))
    }

    @Test func streamsLargeBodiesInChunks() throws {
        var total = 0
        var chunks = 0
        let head = try session.perform(HTTPRequest(url: server.url("/?size=3000000"))) { head, bytes in
            #expect(head.status == 200)
            total += bytes.count
            chunks += 1
        }
        #expect(head.status == 200)
        #expect(total == 3_000_000)
        #expect(chunks > 1)
    }

    @Test func chunkHandlerErrorAbortsTheTransfer() throws {
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try session.perform(HTTPRequest(url: server.url("/?size=3000000"))) { _, _ in throw Stop() }
        }
        // The handle goes back to the pool in a usable state.
        #expect(try session.perform(HTTPRequest(url: server.url())).status == 200)
    }

    @Test func totalTimeoutIsEnforced() throws {
        let started = ContinuousClock.now
        let error = #expect(throws: CurlTransportError.self) {
            try session.perform(HTTPRequest(url: server.url("/slow?delay=30&token=sekret"), timeout: .milliseconds(300)))
        }
        #expect(error?.kind == .timeout)
        // A bound far below the server's 30 s delay, not a performance figure: loaded CI machines are slow.
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(error?.url == server.url("/slow"))
        #expect(error?.description.contains("sekret") == false)
    }

    @Test func connectionDroppedMidBodyIsReported() throws {
        let error = #expect(throws: CurlTransportError.self) {
            try session.perform(HTTPRequest(url: server.url("/?drop=1")))
        }
        #expect(error?.kind == .connectionLost)
        #expect(error?.isTransient == true)
    }

    @Test func cancellingTheTaskStopsTheTransfer() async throws {
        let session = self.session
        let url = server.url("/?delay=30")
        let started = ContinuousClock.now
        let task = Task { try await session.send(HTTPRequest(url: url)) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        let result = await task.result
        #expect(ContinuousClock.now - started < .seconds(20), "ended long before the server's 30 s delay")
        guard case .failure(let error as CurlTransportError) = result else {
            Issue.record("expected a cancellation error, got \(result)")
            return
        }
        #expect(error.kind == .cancelled)
    }

    @Test func headerWithLineBreakIsRejected() throws {
        let error = #expect(throws: CurlTransportError.self) {
            try session.perform(HTTPRequest(url: server.url(), headers: ["X-Bad": "a\r\nInjected: 1"]))
        }
        #expect(error?.kind == .invalidRequest)
    }
}

@Suite("CurlSession connection failures")
struct CurlConnectionFailureTests {
    @Test func connectionRefusedNamesTheURL() throws {
        let port = try unusedPort()
        let session = CurlSession(configuration: CurlSessionConfiguration(connectTimeout: .seconds(2)))
        let error = #expect(throws: CurlTransportError.self) {
            try session.perform(HTTPRequest(url: "https://user:hunter2@127.0.0.1:\(port)/api/v1/pods?limit=500"))
        }
        #expect(error?.kind == .connectionRefused)
        #expect(error?.url == "https://127.0.0.1:\(port)/api/v1/pods")
        #expect(error?.description.hasPrefix("https://127.0.0.1:\(port)/api/v1/pods: connection refused (") == true)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func unsupportedSchemeIsInvalid() throws {
        let error = #expect(throws: CurlTransportError.self) {
            try CurlSession().perform(HTTPRequest(url: "file:///etc/passwd"))
        }
        #expect(error?.kind == .invalidRequest)
    }

    /// A port nothing listens on: bind, read the port, close.
    private func unusedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
