import Foundation
@testable import KubeClient
import KubeModel
import Testing
import TestSupport

@Suite("ClusterSource: API and snapshot files in the same shape")
struct ClusterSourceTests {
    let snapshot = SnapshotClusterSource(files: [Fixtures.smallCluster.path])

    private func names<Item: Decodable & Sendable>(_ source: some ClusterSource, _ resource: ClusterResource<Item>,
                                                   namespace: String? = nil, options: ListOptions = ListOptions(),
                                                   name: (Item) -> String) async throws -> [String] {
        try await source.all(resource, namespace: namespace, options: options).items.map(name).sorted()
    }

    @Test func apiAndSnapshotAgree() async throws {
        let server = try await Fixtures.startSmall()
        let api = APIClusterSource(client: try Fixtures.client(server))
        for source in [api, snapshot] as [any ClusterSource] {
            #expect(try await names(source, .nodes) { $0.metadata.name } == ["node-a", "node-b"])
            #expect(try await names(source, .pods) { $0.metadata.name }.count == 8)
            #expect(try await names(source, .pods, namespace: "kube-system") { $0.metadata.name } == ["kube-proxy-x1", "kube-proxy-x2"])
            #expect(try await names(source, .pods, options: ListOptions(fieldSelector: "spec.nodeName=node-a")) { $0.metadata.name }
                    == ["db-0", "kube-proxy-x1", "report-28998-zz1", "web-7d9f8-abcde"])
            #expect(try await names(source, .persistentVolumeClaims) { $0.metadata.name } == ["data-db-0", "scratch"])
            #expect(try await names(source, .persistentVolumes) { $0.metadata.name } == ["pv-db-0"])
            #expect(try await names(source, .storageClasses) { $0.metadata.name } == ["standard"])
        }
    }

    @Test func capacityKindsAgreeBetweenAPIAndSnapshot() async throws {
        let server = try await Fixtures.startSmall()
        let api = APIClusterSource(client: try Fixtures.client(server))
        for source in [api, snapshot] as [any ClusterSource] {
            #expect(try await names(source, .capacityNodes()) { $0.name } == ["node-a", "node-b"])
            #expect(try await names(source, .capacityNodes(), options: ListOptions(labelSelector: "kubernetes.io/hostname=node-b")) { $0.name }
                    == ["node-b"])
            #expect(try await names(source, .capacityPods()) { $0.name }.count == 8)
            #expect(try await names(source, .capacityPods(), namespace: "kube-system") { $0.name } == ["kube-proxy-x1", "kube-proxy-x2"])
            #expect(try await names(source, .capacityPods(), options: ListOptions(fieldSelector: "spec.nodeName=node-a,status.phase!=Failed")) { $0.name }
                    == ["db-0", "kube-proxy-x1", "web-7d9f8-abcde"])
        }
    }

    @Test func snapshotCapacityPodsSkipOnlyWhatTheScanReadsBroken() async throws {
        let folder = try TempFolder()
        let file = try folder.write("mixed.json", #"{"kind":"List","items":[{"kind":"Pod","metadata":{"name":"odd-labels","namespace":"n","labels":{"tier":1}},"spec":{"nodeName":"a","containers":[{"name":"c"}]}},{"kind":"Pod","metadata":{"name":"broken","namespace":"n"},"spec":{"containers":7}},{"kind":"PersistentVolumeClaim","metadata":{"name":"data","namespace":"n"},"spec":{"accessModes":"RWO"}},{"kind":"Node","metadata":{"name":"a","ownerReferences":"x"},"status":{"capacity":{"cpu":"2"}}}]}"#)
        let source = SnapshotClusterSource(files: [file])
        // The graph's complete models reject the pod with a numeric label; the scan's narrow model never reads it.
        #expect(try await source.all(.pods).items.isEmpty)
        let pods = try await source.all(.capacityPods())
        #expect(pods.items.map(\.name) == ["odd-labels"])
        #expect(pods.rejected.map(\.objectName) == ["n/broken"])
        #expect(try await source.all(.capacityNodes()).items.map(\.capacity) == [["cpu": "2"]])
        #expect(try await source.all(.nodes).items.isEmpty)
        let error = await #expect(throws: SnapshotError.self) {
            try await source.all(.capacityPods(), options: ListOptions(labelSelector: "tier=1"))
        }
        #expect(error?.message.contains("label selectors on Pod objects") == true)
    }

    @Test func snapshotPagesLikeTheAPI() async throws {
        var sizes: [Int] = []
        var tokens: [String?] = []
        try await snapshot.list(.pods, namespace: nil, options: ListOptions(limit: 3)) { page in
            sizes.append(page.items.count)
            tokens.append(page.metadata.continueToken)
        } onRestart: {}
        #expect(sizes == [3, 3, 2])
        #expect(tokens.last == .some(nil))
        #expect(tokens.dropLast().allSatisfy { $0 != nil })
    }

    @Test func snapshotAppliesPhaseAndLabelSelectors() async throws {
        let running = try await snapshot.all(.pods, options: ListOptions(fieldSelector: "status.phase!=Succeeded,status.phase!=Failed"))
        #expect(running.items.count == 6)
        let error = await #expect(throws: SnapshotError.self) {
            try await snapshot.all(.pods, options: ListOptions(fieldSelector: "spec.schedulerName=x"))
        }
        #expect(error?.message.contains("not supported on snapshots") == true)
    }

    @Test func typedListFilesAndWorkloadKinds() async throws {
        let folder = try TempFolder()
        let podList = try folder.write("pods.json", #"{"kind":"PodList","apiVersion":"v1","metadata":{},"items":[{"metadata":{"name":"p","namespace":"n"},"spec":{"containers":[]},"status":{}}]}"#)
        let mixed = try folder.write("mixed.json", #"{"kind":"List","apiVersion":"v1","items":[{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"web","namespace":"n"}},{"kind":"ReplicaSet","apiVersion":"apps/v1","metadata":{"name":"web-1","namespace":"n"}},{"kind":"Pod","metadata":{"name":"broken","namespace":"n"},"spec":{"containers":7}}]}"#)
        let source = SnapshotClusterSource(files: [podList, mixed])
        #expect(try await source.all(.pods).items.map(\.metadata.name) == ["p"])
        #expect(try await source.all(.capacityPods()).items.map(\.name) == ["p"])
        #expect(try await source.all(.capacityPods()).rejected.map(\.objectName) == ["n/broken"])
        #expect(try await source.all(.capacityNodes()).items.isEmpty)
        #expect(try await source.all(.pods).rejected.map(\.objectName) == ["n/broken"])
        let deployments = try await source.all(.deployments).items
        #expect(deployments.map(\.kind) == ["Deployment"])
        #expect(try await source.all(.replicaSets).items.map(\.metadata.name) == ["web-1"])
        #expect(try source.rejectedItems().count == 1)
    }

    @Test func unreadableOrWrongSnapshotsAreExplained() async throws {
        let folder = try TempFolder()
        let notJSON = try folder.write("a.json", "nodes: []")
        let single = try folder.write("b.json", #"{"kind":"Pod","metadata":{"name":"x"}}"#)
        let missing = folder.path + "/missing.json"
        let cases: [(String, String)] = [(notJSON, "not a JSON object"), (single, "holds a single Pod, not a List"),
                                         (missing, "cannot read snapshot")]
        for (file, expected) in cases {
            let error = await #expect(throws: SnapshotError.self) { try await SnapshotClusterSource(files: [file]).all(.nodes) }
            #expect(error?.description.hasPrefix(file) == true)
            #expect(error?.message.contains(expected) == true, "\(String(describing: error))")
        }
    }

    @Test func exampleSnapshotLoads() async throws {
        let example = ServerProcess.repositoryRoot.appendingPathComponent("examples/demo-cluster.json").path
        let source = SnapshotClusterSource(files: [example])
        #expect(try await !source.all(.nodes).items.isEmpty)
        #expect(try source.rejectedItems().isEmpty)
    }
}
