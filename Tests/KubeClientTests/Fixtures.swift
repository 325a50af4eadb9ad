import Foundation
@testable import KubeClient
import KubeModel
import Synchronization
import TestSupport

/// Shared helpers for tests against the test API server.
enum Fixtures {
    /// `Tests/Servers/testapi/fixtures/small-cluster.json`: 2 nodes, 8 pods, 2 PVCs, 1 PV, 1 storage class.
    static let smallCluster = ServerProcess.serversDirectory.appendingPathComponent("testapi/fixtures/small-cluster.json")

    static func startSmall() async throws -> TestAPIServer {
        try await TestAPIServer.start(snapshot: smallCluster)
    }

    /// A cluster of `pods` minimal pods spread over `nodes` nodes and three namespaces.
    static func syntheticCluster(nodes: Int, pods: Int) -> Data {
        var items: [String] = []
        for n in 0..<nodes {
            items.append(#"{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-\#(n)","uid":"n\#(n)"},"status":{"allocatable":{"cpu":"4","memory":"16Gi","pods":"110"},"capacity":{"cpu":"4","memory":"16Gi","pods":"110"}}}"#)
        }
        for p in 0..<pods {
            items.append(#"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"pod-\#(p)","namespace":"ns-\#(p % 3)","uid":"p\#(p)","labels":{"app":"app-\#(p % 5)"}},"spec":{"nodeName":"node-\#(p % nodes)","containers":[{"name":"c","image":"busybox","resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]},"status":{"phase":"Running"}}"#)
        }
        return Data(#"{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[\#(items.joined(separator: ","))]}"#.utf8)
    }

    /// A client for `context` of the server's generated kubeconfig.
    static func client(_ server: TestAPIServer, context: String = TestAPIServer.tokenContext,
                       kubeconfig: String? = nil, retry: APIRetryPolicy = APIRetryPolicy(maxAttempts: 1),
                       requestTimeout: Duration = .seconds(20)) throws -> KubeClient {
        let config = try KubeconfigLoader.read(kubeconfig ?? server.kubeconfigPath)
        var resolved = try KubeClientConfiguration.fromKubeconfig(config, context: context)
        resolved.retry = retry
        resolved.requestTimeout = requestTimeout
        return KubeClient(configuration: resolved)
    }

    /// Every item of a list, in order.
    static func listAll<Item: Decodable & Sendable>(_ client: KubeClient, _ resource: ResourcePath, as type: Item.Type,
                                                   options: ListOptions = ListOptions()) async throws -> [Item] {
        var items: [Item] = []
        try await client.list(resource, as: Item.self, options: options) { items += $0.items } onRestart: { items.removeAll() }
        return items
    }

    static func nodeNames(_ client: KubeClient) async throws -> [String] {
        try await listAll(client, .nodes, as: Node.self).map(\.metadata.name)
    }
}

/// A retry sleep that records the delays and returns at once.
final class SleepRecorder: Sendable {
    private let delays = Mutex<[Duration]>([])

    var recorded: [Duration] { delays.withLock { $0 } }

    func policy(maxAttempts: Int) -> APIRetryPolicy {
        APIRetryPolicy(maxAttempts: maxAttempts, baseDelay: .milliseconds(100), maxDelay: .seconds(2),
                    sleep: { [self] delay in delays.withLock { $0.append(delay) } })
    }
}

/// Writes a kubeconfig for the test server with the given user stanza (YAML lines under `user:`).
func writeKubeconfig(_ folder: TempFolder, server: TestAPIServer, name: String = "config", user: String,
                     cluster extra: String = "") throws -> String {
    try folder.write(name, server.kubeconfigText(user: user, cluster: extra))
}
