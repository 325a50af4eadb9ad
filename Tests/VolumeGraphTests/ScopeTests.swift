import KubeModel
import Testing
@testable import VolumeGraph

@Suite struct NamespaceFilterTests {
    /// `shop` and `blog` each with a pod, a claim and a volume; both classes and nodes shared or not.
    static func twoNamespaces() -> GraphInventory {
        GraphInventory(
            pods: [Fx.pod("shop", "api", node: "node-a", claims: ["data"]), Fx.pod("blog", "web", node: "node-b", claims: ["posts"]),
                   Fx.pod("blog", "idle", node: "node-b")],
            persistentVolumeClaims: [Fx.pvc("shop", "data", volume: "pv-shop", storageClass: "fast"),
                                     Fx.pvc("blog", "posts", volume: "pv-blog", storageClass: "slow"),
                                     Fx.pvc("blog", "spare", phase: "Pending", storageClass: "slow")],
            persistentVolumes: [Fx.pv("pv-shop", claim: ("shop", "data"), storageClass: "fast"),
                                Fx.pv("pv-blog", claim: ("blog", "posts"), storageClass: "slow"),
                                Fx.pv("pv-old-shop", phase: "Released", claim: ("shop", "old"), storageClass: "archive"),
                                Fx.pv("pv-free", phase: "Available", storageClass: "fast")],
            storageClasses: [Fx.storageClass("fast"), Fx.storageClass("slow"), Fx.storageClass("archive")],
            nodes: [Fx.node("node-a"), Fx.node("node-b")])
    }

    @Test func selectedNamespaceKeepsTheClusterScopedObjectsItLeadsTo() throws {
        let graph = try Fx.build(Self.twoNamespaces(), GraphOptions(namespaces: ["shop"], showNodes: true))
        #expect(graph.nodeIDs == [
            Fx.podID("shop", "api"), Fx.pvcID("shop", "data"), Fx.pvID("pv-shop"), Fx.scID("fast"), Fx.nodeID("node-a"),
            Fx.pvID("pv-old-shop"), Fx.scID("archive"),
        ])
        #expect(graph.relationships.allSatisfy { graph.nodeIDs.contains($0.source) && graph.nodeIDs.contains($0.target) })
    }

    @Test func volumeBoundToAClaimInAFilteredOutNamespaceIsHiddenWithThatClaim() throws {
        let graph = try Fx.build(Self.twoNamespaces(), GraphOptions(namespaces: ["shop"]))
        #expect(graph.node(Fx.pvID("pv-blog")) == nil)
        #expect(graph.node(Fx.pvcID("blog", "posts")) == nil)
        #expect(graph.node(Fx.scID("slow")) == nil, "no shown object uses the blog's class")
        #expect(graph.node(Fx.pvID("pv-free")) == nil, "an unclaimed volume belongs to no namespace")
        #expect(graph.node(Fx.nodeID("node-b")) == nil)
    }

    @Test func findingsOfHiddenNamespacesAreDroppedAndTheShownOnesKept() throws {
        let all = try Fx.build(Self.twoNamespaces())
        #expect(all.findings.map(\.code) == [.pvReleased, .pvcPending, .pvUnclaimed, .pvcUnused])
        let shop = try Fx.build(Self.twoNamespaces(), GraphOptions(namespaces: ["shop"]))
        #expect(shop.findings.map(\.code) == [.pvReleased])
        let blog = try Fx.build(Self.twoNamespaces(), GraphOptions(namespaces: ["blog"]))
        #expect(blog.findings.map(\.code) == [.pvcPending, .pvcUnused])
    }

    @Test func severalNamespacesCanBeSelected() throws {
        let graph = try Fx.build(Self.twoNamespaces(), GraphOptions(namespaces: ["shop", "blog"]))
        #expect(graph.node(Fx.pvID("pv-blog")) != nil && graph.node(Fx.pvID("pv-shop")) != nil)
        #expect(graph.node(Fx.pvID("pv-free")) == nil)
    }

    @Test func aClaimSelectedNamesAVolumeClaimedFromAnotherNamespace() throws {
        // Shown because the selected claim leads to it; the mismatch is reported on the claim.
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "p", claims: ["c"])],
            persistentVolumeClaims: [Fx.pvc("a", "c", volume: "v"), Fx.pvc("b", "c", volume: "v")],
            persistentVolumes: [Fx.pv("v", claim: ("b", "c"))])
        let graph = try Fx.build(inventory, GraphOptions(namespaces: ["a"]))
        #expect(graph.nodeIDs == [Fx.podID("a", "p"), Fx.pvcID("a", "c"), Fx.pvID("v")])
        #expect(graph.findings(.claimRefMismatch).count == 1)
    }
}

@Suite struct FocusTests {
    /// A chain: pod → claim → volume → class, and a second pod on the same node.
    static func chain() -> GraphInventory {
        GraphInventory(
            pods: [Fx.pod("a", "p", claims: ["c"]), Fx.pod("a", "neighbour")],
            persistentVolumeClaims: [Fx.pvc("a", "c", volume: "v", storageClass: nil)],
            persistentVolumes: [Fx.pv("v", claim: ("a", "c"))],
            storageClasses: [Fx.storageClass("fast")],
            nodes: [Fx.node("node-a")])
    }

    @Test(arguments: [
        (0, ["PersistentVolume v"]),
        (1, ["PersistentVolume v", "PersistentVolumeClaim a/c", "StorageClass fast"]),
        (2, ["PersistentVolume v", "PersistentVolumeClaim a/c", "StorageClass fast", "Pod a/p"]),
        (3, ["PersistentVolume v", "PersistentVolumeClaim a/c", "StorageClass fast", "Pod a/p", "Node node-a"]),
        (4, ["PersistentVolume v", "PersistentVolumeClaim a/c", "StorageClass fast", "Pod a/p", "Node node-a", "Pod a/neighbour"]),
    ])
    func depthWidensTheNeighbourhoodFollowingEdgesBothWays(depth: Int, expected: [String]) throws {
        let focus = GraphFocus(target: Fx.pvID("v"), depth: depth)
        let graph = try Fx.build(Self.chain(), GraphOptions(focus: focus))
        #expect(Set(graph.nodes.map(\.id.description)) == Set(expected))
    }

    @Test func focusKeepsOnlyFindingsAboutShownObjects() throws {
        var inventory = Self.chain()
        inventory.persistentVolumeClaims.append(Fx.pvc("a", "orphan", phase: "Lost"))
        let graph = try Fx.build(inventory, GraphOptions(focus: GraphFocus(target: Fx.podID("a", "p"), depth: 1)))
        #expect(graph.findings.isEmpty)
    }

    @Test func focusOnAnAbsentObjectIsAnError() {
        #expect(throws: GraphBuildError.focusNotFound(Fx.pvcID("a", "nope"))) {
            try Fx.build(Self.chain(), GraphOptions(focus: GraphFocus(target: Fx.pvcID("a", "nope"))))
        }
    }

    @Test func focusOutsideTheSelectedNamespacesIsAnError() {
        let options = GraphOptions(namespaces: ["b"], focus: GraphFocus(target: Fx.podID("a", "p")))
        #expect(throws: GraphBuildError.focusOutsideNamespaces(Fx.podID("a", "p"))) { try Fx.build(Self.chain(), options) }
    }

    @Test(arguments: [
        ("pvc/shop/data", GraphNodeID(kind: .persistentVolumeClaim, namespace: "shop", name: "data")),
        ("PersistentVolumeClaim/shop/data", GraphNodeID(kind: .persistentVolumeClaim, namespace: "shop", name: "data")),
        ("pv/pv-1", GraphNodeID(kind: .persistentVolume, namespace: nil, name: "pv-1")),
        ("sc/fast", GraphNodeID(kind: .storageClass, namespace: nil, name: "fast")),
        ("node/node-a", GraphNodeID(kind: .node, namespace: nil, name: "node-a")),
        ("deploy/web/front", GraphNodeID(kind: .deployment, namespace: "web", name: "front")),
        ("Pod/web/api.v2", GraphNodeID(kind: .pod, namespace: "web", name: "api.v2")),
    ])
    func focusTextParses(text: String, expected: GraphNodeID) throws {
        #expect(try GraphFocus(parsing: text, depth: 2) == GraphFocus(target: expected, depth: 2))
    }

    @Test(arguments: [
        ("pvc/data", GraphFocusError.namespaceRequired(.persistentVolumeClaim)),
        ("pv/ns/pv-1", GraphFocusError.clusterScopedWithNamespace(.persistentVolume)),
        ("widget/a/b", GraphFocusError.unknownKind("widget")),
        ("pod", GraphFocusError.malformed("pod")),
        ("pod//x", GraphFocusError.malformed("pod//x")),
    ])
    func badFocusTextIsRejected(text: String, error: GraphFocusError) {
        #expect(throws: error) { try GraphFocus(parsing: text) }
    }

    @Test func errorsExplainThemselves() {
        #expect(GraphFocusError.namespaceRequired(.persistentVolumeClaim).description
                == "focus: PersistentVolumeClaim is namespaced: write persistentvolumeclaim/namespace/name")
        #expect(GraphBuildError.focusNotFound(Fx.pvcID("a", "x")).description == "focus: PersistentVolumeClaim a/x is not in the inventory")
        #expect(GraphFocus(target: Fx.pvID("v"), depth: -3).depth == 0)
    }
}
