import Foundation
import Testing
import TestSupport

/// `kubecapwatch graph` run as a user runs it, on the bundled example and against the test API server.
@Suite(.enabled(if: BuiltBinary.exists, "build the binary first: swift build"))
struct GraphEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let example = root.appendingPathComponent("examples/demo-cluster.json")

    struct GraphJSON: Decodable {
        struct ID: Decodable, Hashable { var kind: String; var namespace: String?; var name: String }
        struct Node: Decodable {
            var kind: String
            var namespace: String?
            var name: String
            var status: String?
            var id: ID { ID(kind: kind, namespace: namespace, name: name) }
        }
        struct Relationship: Decodable, Hashable { var source: ID; var target: ID; var type: String }
        struct Finding: Decodable { var severity: String; var code: String; var message: String }
        var apiVersion: String
        var kind: String
        var nodes: [Node]
        var relationships: [Relationship]
        var findings: [Finding]
    }

    func graph(_ arguments: [String]) throws -> GraphJSON {
        let result = try BuiltBinary.run(["graph", "--format", "json"] + arguments)
        #expect(result.exitCode == 0, "\(result.standardError)")
        return try JSONDecoder().decode(GraphJSON.self, from: Data(result.standardOutput.utf8))
    }

    @Test func exampleSnapshotListsEveryFinding() throws {
        let graph = try graph(["--snapshot", Self.example.path])
        #expect(graph.apiVersion == "kubecapwatch/v1")
        #expect(graph.kind == "RelationshipGraph")
        #expect(Set(graph.findings.map(\.code)) == [
            "pod-pending-on-unbound-pvc", "pvc-missing", "pv-released", "pvc-exceeds-pv-capacity", "pvc-pending", "pvc-unused",
            "storageclass-missing",
        ])
        let mounts = graph.relationships.filter { $0.type == "mounts" }
        #expect(mounts.contains { $0.source.name == "ledger-0" && $0.target == .init(kind: "PersistentVolumeClaim", namespace: "payments", name: "data-ledger-0") })
        #expect(graph.relationships.contains { $0.type == "bound_to" && $0.source.name == "data-ledger-0" && $0.target.name == "pv-ledger-0" })
    }

    static let corednsPod = GraphJSON.ID(kind: "Pod", namespace: "kube-system", name: "coredns-node-a")

    @Test func aVolumeGraphLeavesOutPodsWithoutClaimsAndNodesByDefault() throws {
        let graph = try graph(["--snapshot", Self.example.path])
        #expect(!graph.nodes.contains { $0.id == Self.corednsPod })
        #expect(!graph.nodes.contains { $0.kind == "Node" })
        #expect(!graph.relationships.contains { $0.type == "runs_on" })
        #expect(graph.nodes.contains { $0.id == .init(kind: "Pod", namespace: "payments", name: "ledger-0") })
    }

    @Test func allPodsAndNodesBringThemBack() throws {
        let allPods = try graph(["--snapshot", Self.example.path, "--all-pods"])
        // Pods without volumes can be drawn (pods-graph crashed on them).
        #expect(allPods.nodes.contains { $0.id == Self.corednsPod })
        #expect(!allPods.nodes.contains { $0.kind == "Node" })
        let nodes = try graph(["--snapshot", Self.example.path, "--nodes"])
        #expect(!nodes.nodes.contains { $0.id == Self.corednsPod })
        #expect(nodes.relationships.contains { $0.type == "runs_on" && $0.source.name == "ledger-0" && $0.target.kind == "Node" })
        let both = try graph(["--snapshot", Self.example.path, "--all-pods", "--nodes"])
        #expect(both.relationships.contains { $0.type == "runs_on" && $0.source == Self.corednsPod })
    }

    @Test func focusOnAPodShowsItsNode() throws {
        let graph = try graph(["--snapshot", Self.example.path, "--focus", "pod/kube-system/coredns-node-a"])
        #expect(Set(graph.nodes.map(\.id)) == [Self.corednsPod, .init(kind: "Node", namespace: nil, name: "node-a")])
    }

    @Test func namespaceFilterKeepsTheClusterScopedObjectsItUses() throws {
        let graph = try graph(["--snapshot", Self.example.path, "--namespace", "payments", "--nodes"])
        let kinds = Set(graph.nodes.map(\.id.kind))
        #expect(graph.nodes.allSatisfy { $0.id.namespace == nil || $0.id.namespace == "payments" })
        #expect(kinds.isSuperset(of: ["Pod", "PersistentVolumeClaim", "PersistentVolume", "StorageClass", "Node"]))
        #expect(!graph.nodes.contains { $0.id.name == "standard" })
    }

    @Test func kindsAllAddsOwnersServicesAndConfigReferencesButNoContents() throws {
        let result = try BuiltBinary.run(["graph", "--snapshot", Self.example.path, "--kinds", "all", "--format", "json"])
        #expect(result.exitCode == 0)
        let graph = try JSONDecoder().decode(GraphJSON.self, from: Data(result.standardOutput.utf8))
        let types = Set(graph.relationships.map(\.type))
        #expect(types.isSuperset(of: ["owned_by", "targets", "uses", "mounts", "bound_to", "provisioned_by", "runs_on"]))
        #expect(graph.relationships.contains { $0.type == "uses" && $0.target == .init(kind: "Secret", namespace: "shop", name: "api-secret") })
        #expect(!result.standardOutput.contains("\"data\""))
    }

    @Test func svgAndDotAreDrawnByGraphviz() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/dot") else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kcw-graph-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let svg = folder.appendingPathComponent("graph.svg").path
        let result = try BuiltBinary.run(["graph", "--snapshot", Self.example.path, "--format", "svg", "--output", svg])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let text = try String(contentsOfFile: svg, encoding: .utf8)
        #expect(text.contains("<svg "))
        // Graphviz writes "-" as "&#45;" in SVG text.
        #expect(text.replacingOccurrences(of: "&#45;", with: "-").contains("pv-released-logs"))
        #expect(result.standardError.contains("7 findings"))
        #expect(!result.standardError.contains("note:"), "a small graph needs no advice")
    }

    @Test func aPictureOfALargeClusterIsWrittenWithAdviceToNarrowIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kcw-graph-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // 80 nodes of 30 pods give over a hundred StatefulSet claims, each drawn with its pod and volume.
        let cluster = folder.appendingPathComponent("cluster.json")
        try GeneratedCluster.write(nodes: 80, to: cluster)
        let dot = folder.appendingPathComponent("graph.dot").path
        let result = try BuiltBinary.run(["graph", "--snapshot", cluster.path, "--format", "dot", "--output", dot])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let note = try #require(result.standardError.split(separator: "\n").first { $0.hasPrefix("note: ") })
        let count = try #require(Int(note.dropFirst("note: ".count).prefix { $0.isNumber }))
        #expect(count > 300)
        #expect(note.contains("objects are too many to read in one picture") && note.contains("--namespace")
                && note.contains("--focus"))
        let text = try String(contentsOfFile: dot, encoding: .utf8)
        #expect(text.contains("Note: \(count) objects are too many to read in one picture"))
        #expect(text.contains("subgraph \"cluster_namespace_"))

        let jsonRun = try BuiltBinary.run(["graph", "--snapshot", cluster.path, "--format", "json"])
        #expect(jsonRun.exitCode == 0)
        #expect(!jsonRun.standardError.contains("note:"), "JSON is not a picture")
        let json = try JSONDecoder().decode(GraphJSON.self, from: Data(jsonRun.standardOutput.utf8))
        #expect(json.nodes.count == count)
        #expect(!json.nodes.contains { $0.kind == "Node" })
        #expect(json.nodes.filter { $0.kind == "Pod" }.allSatisfy { pod in
            json.relationships.contains { $0.type == "mounts" && $0.source == pod.id }
        })
        let namespace = try #require(json.nodes.first { $0.kind == "PersistentVolumeClaim" }?.namespace)
        let narrowed = try BuiltBinary.run(["graph", "--snapshot", cluster.path, "--format", "dot", "--namespace", namespace])
        #expect(narrowed.exitCode == 0)
        #expect(!narrowed.standardError.contains("note:"))
        #expect(narrowed.standardOutput.contains("subgraph \"cluster_namespace_\(namespace)\""))
    }

    @Test func badFocusIsAUsageError() throws {
        let result = try BuiltBinary.run(["graph", "--snapshot", Self.example.path, "--focus", "nonsense///"])
        #expect(result.exitCode == 64)
    }

    @Test func apiServerAndSnapshotGiveTheSameGraph() async throws {
        let server = try await TestAPIServer.start(snapshot: Self.example)
        defer { server.stop() }
        let fromAPI = try graph(["--kubeconfig", server.kubeconfigPath])
        let fromSnapshot = try graph(["--snapshot", Self.example.path])
        #expect(Set(fromAPI.nodes.map(\.id)) == Set(fromSnapshot.nodes.map(\.id)))
        #expect(Set(fromAPI.relationships) == Set(fromSnapshot.relationships))
        #expect(fromAPI.findings.map(\.message).sorted() == fromSnapshot.findings.map(\.message).sorted())
    }
}
