import Foundation
@testable import KubeClient
import KubeModel
import Testing
import TestSupport

@Suite("Paged lists and GETs against the test API server")
struct ListingIntegrationTests {
    @Test func pagesThroughManyPagesOneAtATime() async throws {
        let server = try await TestAPIServer.start(snapshot: Fixtures.syntheticCluster(nodes: 5, pods: 250))
        let client = try Fixtures.client(server)
        var pageSizes: [Int] = []
        var names = Set<String>()
        try await client.list(.pods, as: Pod.self, options: ListOptions(limit: 7)) { page in
            pageSizes.append(page.items.count)
            names.formUnion(page.items.map(\.metadata.name))
            #expect(page.rejected.isEmpty)
        } onRestart: {
            Issue.record("no restart expected")
        }
        #expect(pageSizes.count == 36)
        #expect(pageSizes.dropLast().allSatisfy { $0 == 7 })
        #expect(names.count == 250)
        let requests = try await server.requests().filter { $0.path == "/api/v1/pods" }
        #expect(requests.count == 36)
        #expect(requests.allSatisfy { $0.limit == 7 })
        #expect(requests.dropFirst().allSatisfy { $0.continueToken != nil })
        #expect(requests.first?.continueToken == nil)
    }

    @Test func selectorsAndNamespacesReachTheServer() async throws {
        let server = try await TestAPIServer.start(snapshot: Fixtures.syntheticCluster(nodes: 5, pods: 60))
        let client = try Fixtures.client(server)
        let onNode = try await Fixtures.listAll(client, .pods, as: Pod.self,
                                                options: ListOptions(limit: 5, fieldSelector: "spec.nodeName=node-1"))
        #expect(onNode.count == 12)
        #expect(onNode.allSatisfy { $0.spec.nodeName == "node-1" })
        let labelled = try await Fixtures.listAll(client, .pods.inNamespace("ns-0"), as: Pod.self,
                                                  options: ListOptions(labelSelector: "app in (app-0,app-1)"))
        #expect(!labelled.isEmpty)
        #expect(labelled.allSatisfy { $0.metadata.namespace == "ns-0" && ["app-0", "app-1"].contains($0.metadata.labels["app"]) })
        let paths = Set(try await server.requests().map(\.path))
        #expect(paths.contains("/api/v1/namespaces/ns-0/pods"))
    }

    @Test func runningPodsFieldSelector() async throws {
        let server = try await Fixtures.startSmall()
        let client = try Fixtures.client(server)
        let pods = try await Fixtures.listAll(client, .pods, as: Pod.self,
                                              options: ListOptions(fieldSelector: "status.phase!=Succeeded,status.phase!=Failed"))
        #expect(Set(pods.map(\.metadata.name)) == ["web-7d9f8-abcde", "web-7d9f8-fghij", "db-0", "kube-proxy-x1", "kube-proxy-x2", "big-0"])
    }

    @Test func getsOneObjectAndExplainsAMissingOne() async throws {
        let server = try await Fixtures.startSmall()
        let client = try Fixtures.client(server)
        let node: Node = try await client.get(.nodes, name: "node-b")
        #expect(node.metadata.name == "node-b")
        let error = await #expect(throws: KubeClientError.self) {
            let _: Pod = try await client.get(.pods.inNamespace("default"), name: "nope")
        }
        guard case .objectNotFound? = error else { Issue.record("expected objectNotFound, got \(String(describing: error))"); return }
        #expect(error?.description.contains("\"nope\" not found") == true)
    }

    @Test func pagesGoThroughTheGivenDecoder() async throws {
        let server = try await TestAPIServer.start(snapshot: Fixtures.syntheticCluster(nodes: 2, pods: 10))
        let client = try Fixtures.client(server)
        var bodies = 0
        var names: [String] = []
        try await client.list(.pods, options: ListOptions(limit: 4), decodePage: { data in
            bodies += 1
            return try JSONDecoder().decode(KubeList<CapacityPod>.self, from: data)
        }, onPage: { page in
            names += page.items.map(\.name)
        }, onRestart: {})
        #expect(bodies == 3)
        #expect(names.count == 10 && Set(names).count == 10)
    }

    @Test func kubectlSeesTheSameNodesAndPods() async throws {
        let server = try await Fixtures.startSmall()
        let client = try Fixtures.client(server)
        let kubectlNodes = try await server.kubectl(["get", "nodes", "-o", "name"])
        #expect(kubectlNodes.exitCode == 0, "\(kubectlNodes.standardError)")
        let ourNodes = try await Fixtures.nodeNames(client)
        #expect(kubectlNodes.standardOutput.split(separator: "\n").map { String($0.dropFirst("node/".count)) } == ourNodes)
        let kubectlPods = try await server.kubectl(["get", "pods", "-A", "-o", "jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{\"\\n\"}{end}"])
        let ours = try await Fixtures.listAll(client, .pods, as: Pod.self).map { "\($0.metadata.namespace ?? "")/\($0.metadata.name)" }
        #expect(Set(kubectlPods.standardOutput.split(separator: "\n").map(String.init)) == Set(ours))
    }
}
