import KubeModel
import Testing
@testable import VolumeGraph

@Suite struct IdentityTests {
    @Test func sameNamesInOtherNamespacesAndKindsNeverMerge() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "data", claims: ["data"]), Fx.pod("b", "data", claims: ["data"])],
            persistentVolumeClaims: [Fx.pvc("a", "data", volume: "data", storageClass: "data", uid: "ua"),
                                     Fx.pvc("b", "data", volume: "data-b", storageClass: "data", uid: "ub")],
            persistentVolumes: [Fx.pv("data", claim: ("a", "data"), claimUID: "ua", storageClass: "data"),
                                Fx.pv("data-b", claim: ("b", "data"), claimUID: "ub", storageClass: "data")],
            storageClasses: [Fx.storageClass("data")],
            nodes: [Fx.node("data")])
        let graph = try Fx.build(inventory)
        #expect(graph.nodes.count == 8)
        #expect(graph.nodes.filter { $0.name == "data" }.count == 7)
        #expect(graph.edgeTexts.isSuperset(of: [
            "Pod a/data -mounts-> PersistentVolumeClaim a/data",
            "Pod b/data -mounts-> PersistentVolumeClaim b/data",
            "PersistentVolumeClaim a/data -bound_to-> PersistentVolume data",
            "PersistentVolumeClaim b/data -bound_to-> PersistentVolume data-b",
        ]))
        #expect(!graph.edgeTexts.contains("Pod a/data -mounts-> PersistentVolumeClaim b/data"))
        #expect(graph.findings.isEmpty)
    }

    @Test func podsWithoutVolumesUnusedClaimsAndUnclaimedVolumesAllAppear() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("a", "plain")],
            persistentVolumeClaims: [Fx.pvc("a", "lonely", volume: "pv-lonely")],
            persistentVolumes: [Fx.pv("pv-lonely", claim: ("a", "lonely")), Fx.pv("pv-free", phase: "Available")])
        let graph = try Fx.build(inventory)
        #expect(graph.nodeIDs == [Fx.podID("a", "plain"), Fx.pvcID("a", "lonely"), Fx.pvID("pv-lonely"), Fx.pvID("pv-free")])
        #expect(graph.node(Fx.pvID("pv-free"))?.status == "Available")
    }

    @Test func anObjectListedTwiceIsOneNodeAndTheFirstWins() throws {
        let inventory = GraphInventory(pods: [Fx.pod("a", "p", phase: "Running"), Fx.pod("a", "p", phase: "Failed")])
        let graph = try Fx.build(inventory)
        #expect(graph.nodes.count == 1)
        #expect(graph.nodes.first?.status == "Running")
    }

    @Test func namespacedObjectWithoutNamespaceIsInDefaultAndClusterScopedLoseOne() {
        #expect(GraphNodeID(kind: .pod, namespace: nil, name: "p").namespace == "default")
        #expect(GraphNodeID(kind: .pod, namespace: "", name: "p").namespace == "default")
        #expect(GraphNodeID(kind: .persistentVolume, namespace: "x", name: "pv").namespace == nil)
    }

    @Test func nodesSortClusterScopedFirstThenNamespaceKindAndName() throws {
        let inventory = GraphInventory(
            pods: [Fx.pod("b", "z"), Fx.pod("a", "y")],
            persistentVolumeClaims: [Fx.pvc("a", "x")],
            persistentVolumes: [Fx.pv("pv-1")],
            nodes: [Fx.node("node-a")])
        let graph = try Fx.build(inventory)
        #expect(graph.nodes.map(\.id.description) == [
            "PersistentVolume pv-1", "Node node-a", "Pod a/y", "PersistentVolumeClaim a/x", "Pod b/z",
        ])
    }

    @Test func snapshotItemsAreSortedIntoTheirKinds() throws {
        let objects: [KubeObject] = [
            .pod(Fx.pod("a", "p")), .persistentVolumeClaim(Fx.pvc("a", "c")), .persistentVolume(Fx.pv("v")),
            .storageClass(Fx.storageClass("s")), .node(Fx.node("n")), .workload(Fx.workload("Job", "a", "j", uid: nil)),
            .service(Fx.service("a", "svc", selector: nil)), .configMap(Fx.configMap("a", "cm")), .secret(Fx.secret("a", "s")),
            .other(PartialObjectMetadata(kind: "Namespace", metadata: ObjectMeta(name: "a"))),
        ]
        let inventory = GraphInventory(objects: objects)
        #expect(inventory.pods.count == 1 && inventory.persistentVolumeClaims.count == 1 && inventory.persistentVolumes.count == 1)
        #expect(inventory.storageClasses.count == 1 && inventory.nodes.count == 1 && inventory.workloads.count == 1)
        #expect(inventory.services.count == 1 && inventory.configMaps.count == 1 && inventory.secrets.count == 1)
    }
}
