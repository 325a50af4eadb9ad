import Foundation
import KubeModel
import Testing
@testable import VolumeGraph

/// The volume-graph defaults: pods without claims and Nodes are left out of a whole-cluster or
/// namespace graph, flags bring them back, and focused or `--kinds all` views show everything.
@Suite struct VolumeGraphDefaultsTests {
    /// `shop/api` mounts `shop/data` (bound to `pv-data`); `shop/plain` and `blog/web` mount no
    /// claim; `shop/stuck` mounts a claim that does not exist. Pods run on `node-a` or `node-b`.
    static func mixed() -> GraphInventory {
        var inventory = Fx.healthyShop()
        inventory.pods += [Fx.pod("shop", "plain", node: "node-b"), Fx.pod("blog", "web", node: "node-b"),
                           Fx.pod("shop", "stuck", phase: "Pending", node: nil, claims: ["gone"])]
        inventory.nodes.append(Fx.node("node-b"))
        return inventory
    }

    @Test func podsWithoutClaimsAndNodesAreLeftOutByDefault() throws {
        let graph = try Fx.build(Self.mixed(), GraphOptions())
        #expect(graph.nodeIDs == [Fx.podID("shop", "api"), Fx.podID("shop", "stuck"), Fx.pvcID("shop", "data"),
                                  Fx.pvcID("shop", "gone"), Fx.pvID("pv-data"), Fx.scID("fast")])
        #expect(graph.relationships(.runsOn).isEmpty)
        #expect(graph.node(Fx.podID("shop", "api"))?.properties.node == "node-a", "the label still names the node")
        #expect(graph.findings(.pvcMissing).count == 1, "a pod mounting a missing claim mounts a claim")
    }

    @Test func allPodsBringsBackPodsWithoutClaims() throws {
        let graph = try Fx.build(Self.mixed(), GraphOptions(allPods: true))
        #expect(graph.node(Fx.podID("shop", "plain")) != nil && graph.node(Fx.podID("blog", "web")) != nil)
        #expect(!graph.nodes.contains { $0.kind == .node })
    }

    @Test func nodesFlagBringsBackNodesAndRunsOnEdges() throws {
        let graph = try Fx.build(Self.mixed(), GraphOptions(showNodes: true))
        #expect(graph.nodes.filter { $0.kind == .node }.map(\.id) == [Fx.nodeID("node-a"), Fx.nodeID("node-b")])
        #expect(graph.edgeTexts.contains("Pod shop/api -runs_on-> Node node-a"))
        #expect(graph.node(Fx.podID("shop", "plain")) == nil)
        let both = try Fx.build(Self.mixed(), GraphOptions(allPods: true, showNodes: true))
        #expect(both.edgeTexts.isSuperset(of: ["Pod shop/plain -runs_on-> Node node-b", "Pod blog/web -runs_on-> Node node-b"]))
    }

    @Test func namespaceViewTrimsTooAndKeepsOnlyTheNodesOfShownPods() throws {
        let trimmed = try Fx.build(Self.mixed(), GraphOptions(namespaces: ["shop"]))
        #expect(trimmed.node(Fx.podID("shop", "plain")) == nil)
        #expect(!trimmed.nodes.contains { $0.kind == .node })
        let withNodes = try Fx.build(Self.mixed(), GraphOptions(namespaces: ["shop"], showNodes: true))
        #expect(withNodes.nodes.filter { $0.kind == .node }.map(\.id) == [Fx.nodeID("node-a")],
                "node-b runs only pods without claims, which are not shown")
    }

    @Test func focusOnAPodOrANodeShowsItsNode() throws {
        let pod = try Fx.build(Self.mixed(), GraphOptions(focus: GraphFocus(target: Fx.podID("shop", "plain"))))
        #expect(pod.nodeIDs == [Fx.podID("shop", "plain"), Fx.nodeID("node-b")])
        let node = try Fx.build(Self.mixed(), GraphOptions(focus: GraphFocus(target: Fx.nodeID("node-b"))))
        #expect(node.nodeIDs == [Fx.nodeID("node-b"), Fx.podID("shop", "plain"), Fx.podID("blog", "web")])
    }

    @Test func kindsAllShowsEveryPodAndNode() throws {
        let graph = try Fx.build(Self.mixed(), GraphOptions(kinds: .all))
        #expect(graph.node(Fx.podID("blog", "web")) != nil)
        #expect(graph.edgeTexts.contains("Pod blog/web -runs_on-> Node node-b"))
    }

    @Test func trimmingNeverChangesTheFindings() throws {
        var inventory = Self.mixed()
        inventory.persistentVolumeClaims.append(Fx.pvc("shop", "spare", volume: nil, storageClass: "fast"))
        #expect(try Fx.build(inventory, GraphOptions()).findings == (try Fx.build(inventory)).findings)
    }
}

@Suite struct PictureTests {
    @Test func eachPodClaimAndVolumeChainSharesAGraphvizGroup() throws {
        let dot = GraphRenderer.dot(try Fx.build(Fx.healthyShop()))
        let group = "group=\"PersistentVolumeClaim/shop/data\""
        for id in ["\"Pod/shop/api\" [", "\"PersistentVolumeClaim/shop/data\" [", "\"PersistentVolume//pv-data\" ["] {
            let line = try #require(dot.split(separator: "\n").first { $0.contains(id) })
            #expect(line.contains(group), "\(id)")
        }
        let node = try #require(dot.split(separator: "\n").first { $0.contains("\"Node//node-a\" [") })
        #expect(!node.contains("group="))
    }

    @Test func aClaimsClassEdgeIsLeftToItsVolumeInPicturesButKeptInTheGraph() throws {
        var inventory = Fx.healthyShop()
        inventory.persistentVolumeClaims.append(Fx.pvc("shop", "waiting", phase: "Pending", storageClass: "fast"))
        let graph = try Fx.build(inventory)
        #expect(graph.edgeTexts.contains("PersistentVolumeClaim shop/data -provisioned_by-> StorageClass fast"))
        let dot = GraphRenderer.dot(graph)
        #expect(!dot.contains("\"PersistentVolumeClaim/shop/data\" -> \"StorageClass//fast\""))
        #expect(dot.contains("\"PersistentVolume//pv-data\" -> \"StorageClass//fast\""))
        #expect(dot.contains("\"PersistentVolumeClaim/shop/waiting\" -> \"StorageClass//fast\""), "no volume leads there")
        let mermaid = GraphRenderer.mermaid(graph)
        #expect(!mermaid.contains("PersistentVolumeClaim_shop_data -.->|provisioned_by|"))
        #expect(mermaid.contains("PersistentVolumeClaim_shop_waiting -.->|provisioned_by| StorageClass__fast"))
    }

    @Test func aClaimOfAnotherClassThanItsVolumeKeepsItsEdge() throws {
        var inventory = Fx.healthyShop()
        inventory.persistentVolumeClaims = [Fx.pvc("shop", "data", volume: "pv-data", storageClass: "slow", uid: "uid-data")]
        inventory.storageClasses.append(Fx.storageClass("slow"))
        let dot = GraphRenderer.dot(try Fx.build(inventory))
        #expect(dot.contains("\"PersistentVolumeClaim/shop/data\" -> \"StorageClass//slow\""))
    }

    /// A graph of `count` pods, built directly: the note depends on the object count alone.
    static func graph(objects count: Int) -> RelationshipGraph {
        RelationshipGraph(nodes: (0..<count).map { GraphNode(id: Fx.podID("ns", "pod-\($0)")) })
    }

    @Test(arguments: [(300, false), (301, true)])
    func pictureAboveThreeHundredObjectsCarriesTheAdvice(count: Int, noted: Bool) {
        let graph = Self.graph(objects: count)
        let note = GraphSizeAdvice.note(for: graph)
        #expect((note != nil) == noted)
        let dot = GraphRenderer.dot(graph)
        let title = dot.split(separator: "\n").first { $0.hasPrefix("  graph [") } ?? ""
        #expect(title.contains("\\nNote: \(count) objects are too many to read in one picture") == noted)
        #expect(GraphRenderer.mermaid(graph).contains("kubecapwatch_note[\"Note: \(count) objects") == noted)
        if let note {
            #expect(note.contains("--namespace") && note.contains("--focus"))
        }
    }
}
