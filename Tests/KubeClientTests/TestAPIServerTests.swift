import Foundation
import Testing
import TestSupport

/// The test API server checked with the real kubectl: if kubectl is happy with it, the client tests that use it
/// exercise something close to a real API server.
@Suite("Test API server against kubectl", .enabled(if: Kubectl.isAvailable, "kubectl is not installed"))
struct TestAPIServerTests {
    static let fixture = ServerProcess.serversDirectory.appendingPathComponent("testapi/fixtures/small-cluster.json")
    static let allPods = ["big-0", "db-0", "kube-proxy-x1", "kube-proxy-x2", "report-28998-zz1", "report-28999-xk2",
                          "web-7d9f8-abcde", "web-7d9f8-fghij"]

    private func run(_ server: TestAPIServer, _ arguments: [String],
                     context: String = TestAPIServer.tokenContext) async throws -> String {
        let result = try await server.kubectl(arguments, context: context)
        #expect(result.exitCode == 0, "\(result.commandLine)\n\(result.standardError)\nserver log:\n\(server.log)")
        return result.standardOutput
    }

    /// First column of each table row after the header.
    private func column(_ output: String, _ index: Int) -> [String] {
        output.split(separator: "\n").dropFirst().compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            return fields.count > index ? String(fields[index]) : nil
        }
    }

    @Test("get nodes with each credential kind", arguments: [
        (TestAPIServer.tokenContext, TestAPIServer.LoggedRequest.Auth.token, "test-user"),
        (TestAPIServer.certContext, .cert, "test-user"),
        (TestAPIServer.basicContext, .basic, "admin"),
    ])
    func getNodes(context: String, auth: TestAPIServer.LoggedRequest.Auth, user: String) async throws {
        let server = try await TestAPIServer.start(snapshot: Self.fixture)
        defer { server.stop() }
        let output = try await run(server, ["get", "nodes"], context: context)
        #expect(output.hasPrefix("NAME "))
        #expect(column(output, 0) == ["node-a", "node-b"])
        #expect(column(output, 1) == ["Ready", "Ready"])
        #expect(column(output, 2) == ["control-plane", "<none>"])
        let lists = try await server.requests().filter { $0.path == "/api/v1/nodes" }
        #expect(!lists.isEmpty)
        #expect(lists.allSatisfy { $0.auth == auth && $0.user == user && $0.status == 200 && $0.table })
    }

    @Test("get pods -A lists every pod with its namespace and status")
    func getPodsAllNamespaces() async throws {
        let server = try await TestAPIServer.start(snapshot: Self.fixture)
        defer { server.stop() }
        let output = try await run(server, ["get", "pods", "-A"])
        #expect(column(output, 1).sorted() == Self.allPods)
        #expect(output.contains("kube-system   kube-proxy-x1"))
        let status = Dictionary(uniqueKeysWithValues: zip(column(output, 1), column(output, 3)))
        #expect(status["big-0"] == "Pending")
        #expect(status["report-28999-xk2"] == "Completed")
        #expect(status["web-7d9f8-abcde"] == "Running")

        let json = try await run(server, ["get", "pods", "-A", "-o", "json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let items = try #require(list["items"] as? [[String: Any]])
        let names = items.compactMap { ($0["metadata"] as? [String: Any])?["name"] as? String }
        #expect(names.sorted() == Self.allPods)
    }

    @Test("describe nodes prints Allocated resources for every node")
    func describeNodes() async throws {
        let server = try await TestAPIServer.start(snapshot: Self.fixture)
        defer { server.stop() }
        let output = try await run(server, ["describe", "nodes"])
        #expect(output.components(separatedBy: "Allocated resources:").count - 1 == 2)
        // node-b runs web-7d9f8-fghij (350m) and kube-proxy-x2 (100m); its Succeeded pod does not count.
        let nodeB = try #require(output.components(separatedBy: "Name:               node-b").last)
        #expect(nodeB.contains("Non-terminated Pods:          (2 in total)"))
        #expect(nodeB.contains("cpu                450m (11%)  1 (25%)"))
        #expect(nodeB.contains("HolderIdentity:  node-b"))
        let podLists = try await server.requests().filter { $0.path == "/api/v1/pods" }
        #expect(podLists.contains {
            $0.params["fieldSelector"] == "spec.nodeName=node-b,status.phase!=Succeeded,status.phase!=Failed"
        })
    }

    @Test("field and label selectors filter like the real server", arguments: [
        (["--field-selector", "spec.nodeName="], ["big-0"]),
        (["--field-selector", "spec.nodeName=node-b,status.phase!=Succeeded"], ["kube-proxy-x2", "web-7d9f8-fghij"]),
        (["--field-selector", "status.phase!=Running,metadata.namespace=batch"],
         ["report-28998-zz1", "report-28999-xk2"]),
        (["-l", "app in (web,db)"], ["db-0", "web-7d9f8-abcde", "web-7d9f8-fghij"]),
        (["-l", "tier!=frontend,!k8s-app"], ["big-0", "db-0", "report-28998-zz1", "report-28999-xk2"]),
        (["-l", "app notin (web,db,report),app"], ["big-0"]),
    ])
    func selectors(selector: [String], expected: [String]) async throws {
        let server = try await TestAPIServer.start(snapshot: Self.fixture)
        defer { server.stop() }
        let output = try await run(server, ["get", "pods", "-A"] + selector)
        #expect(column(output, 1).sorted() == expected)
    }

    @Test("a connection dropped mid-body is an unexpected EOF for kubectl")
    func droppedMidBody() async throws {
        let server = try await TestAPIServer.start(snapshot: Self.fixture)
        defer { server.stop() }
        try await server.addFault(.dropMidBody(pathPrefix: "/api/v1/nodes"))
        let result = try await server.kubectl(["get", "nodes", "-o", "json"])
        #expect(result.exitCode != 0)
        #expect(result.standardError.contains("unexpected EOF"))
        let log = try await server.requests().filter { $0.path == "/api/v1/nodes" }
        #expect(log.count == 1 && log[0].fault != nil && log[0].bytes > 0)
    }

    @Test("get pods -A --chunk-size=2 pages through every pod with continue tokens")
    func paging() async throws {
        let server = try await TestAPIServer.start(snapshot: Self.fixture)
        defer { server.stop() }
        let output = try await run(server, ["get", "pods", "-A", "--chunk-size=2"])
        #expect(column(output, 1).sorted() == Self.allPods)
        let pages = try await server.requests().filter { $0.path == "/api/v1/pods" }
        #expect(pages.count == 4)
        #expect(pages.allSatisfy { $0.limit == 2 && $0.status == 200 })
        #expect(pages.filter { $0.continueToken != nil }.count == 3)
    }

    @Test("an expired continue token fails the chunked list with reason Expired")
    func expiredContinue() async throws {
        let server = try await TestAPIServer.start(snapshot: Self.fixture)
        defer { server.stop() }
        try await server.addFault(.expiredContinue(pathPrefix: "/api/v1/pods"))
        let result = try await server.kubectl(["get", "pods", "-A", "--chunk-size=3"])
        #expect(result.exitCode != 0)
        #expect(result.standardError.contains("The provided continue parameter is too old"))
        let log = try await server.requests().filter { $0.path == "/api/v1/pods" }
        #expect(log.map(\.status) == [200, 410])
    }

    @Test("a replaced snapshot is served at once and expires older continue tokens")
    func replaceSnapshot() async throws {
        let server = try await TestAPIServer.start(snapshot: Self.fixture)
        defer { server.stop() }
        let firstPage = try await run(server, ["get", "--raw", "/api/v1/pods?limit=2"])
        let page = try #require(try JSONSerialization.jsonObject(with: Data(firstPage.utf8)) as? [String: Any])
        let token = try #require((page["metadata"] as? [String: Any])?["continue"] as? String)

        var list = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixture)) as? [String: Any])
        var items = try #require(list["items"] as? [[String: Any]])
        var nodeC = items[0]
        var metadata = try #require(nodeC["metadata"] as? [String: Any])
        metadata["name"] = "node-c"
        nodeC["metadata"] = metadata
        items.append(nodeC)
        list["items"] = items
        try await server.replaceSnapshot(try JSONSerialization.data(withJSONObject: list))
        let output = try await run(server, ["get", "nodes"])
        #expect(column(output, 0) == ["node-a", "node-b", "node-c"])

        let stale = try await server.kubectl(["get", "--raw", "/api/v1/pods?limit=2&continue=\(token)"])
        #expect(stale.exitCode != 0)
        #expect(stale.standardError.contains("Expired"), "\(stale.standardError)")
    }

    @Test("kubectl get --watch sees objects added and deleted through the control API")
    func watch() async throws {
        let server = try await TestAPIServer.start(snapshot: Self.fixture)
        defer { server.stop() }
        async let watching = server.kubectl(["get", "pods", "-n", "default", "--watch", "--output-watch-events",
                                             "--request-timeout=6s"])
        var started = false
        for _ in 0..<100 where !started {
            started = try await server.requests().contains { $0.params["watch"] == "true" }
            if !started { try await Task.sleep(nanoseconds: 50_000_000) }
        }
        #expect(started, "kubectl never started watching")
        let newPod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"late-1","namespace":"default"},"#
            + #""spec":{"nodeName":"node-a","containers":[{"name":"c","image":"x"}]},"status":{"phase":"Running"}}"#
        try await server.changeObjects(upsert: [Data(newPod.utf8)],
                                       delete: [.init(kind: "Pod", namespace: "default", name: "web-7d9f8-abcde")])
        let result = try await watching
        let events = result.standardOutput.split(separator: "\n").map {
            $0.split(separator: " ", omittingEmptySubsequences: true).prefix(2).joined(separator: " ")
        }
        #expect(events.contains("ADDED db-0"))
        #expect(events.contains("ADDED late-1"))
        #expect(events.contains("DELETED web-7d9f8-abcde"), "\(result.standardOutput)\n\(result.standardError)")
    }

    @Test("RBAC denial, unauthorized token and throttling look like the real server to kubectl")
    func faults() async throws {
        let server = try await TestAPIServer.start(snapshot: Self.fixture)
        defer { server.stop() }

        try await server.addFault(.forbidden(pathPrefix: "/api/v1/pods", user: "system:serviceaccount:ops:capwatch"))
        let denied = try await server.kubectl(["get", "pods", "-A"])
        #expect(denied.exitCode != 0)
        #expect(denied.standardError.contains(
            #"pods is forbidden: User "system:serviceaccount:ops:capwatch" cannot list resource "pods" in API group "" at the cluster scope"#))

        let unauthorized = try await server.kubectl(["--token", "not-the-token", "get", "nodes"])
        #expect(unauthorized.exitCode != 0)
        #expect(unauthorized.standardError.contains("Unauthorized"))
        #expect(!unauthorized.standardError.contains(server.token))

        try await server.clearRequests()
        try await server.addFault(.status(429, pathPrefix: "/api/v1/nodes", count: 2, retryAfter: 1))
        let output = try await run(server, ["get", "nodes"])
        #expect(column(output, 0) == ["node-a", "node-b"])
        let statuses = try await server.requests().filter { $0.path == "/api/v1/nodes" }.map(\.status)
        #expect(statuses == [429, 429, 200])
    }
}
