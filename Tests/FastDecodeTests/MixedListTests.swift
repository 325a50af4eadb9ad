import FastDecode
import Foundation
import KubeModel
import Testing

/// kubectl `List`s (snapshot files): the pods equal the `.pod` items JSONDecoder finds through `CapacityObject`,
/// the other kinds are left out and counted.
@Suite struct MixedListTests {
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test func demoSnapshot() throws {
        let data = try Data(contentsOf: Self.repositoryRoot.appendingPathComponent("examples/demo-cluster.json"))
        let page = try Differential.expectSame(data, as: .mixedList)
        let mixed = try JSONDecoder().decode(KubeList<CapacityObject>.self, from: data)
        #expect(!page.list.items.isEmpty)
        #expect(page.skippedItemCount + page.list.items.count + page.list.rejected.count == mixed.items.count + mixed.rejected.count)
    }

    @Test func kindAfterTheSpecStillSkipsOtherKinds() throws {
        // A claim whose spec.resources would read as pod-level resources, and a node with a kind-less
        // anomaly the scanner hands to JSONDecoder: both are recognised by their kind, wherever it is.
        let items = [
            #"{"metadata":{"name":"data","namespace":"shop"},"spec":{"resources":{"requests":{"storage":"5Gi"}},"accessModes":["ReadWriteOnce"]},"kind":"PersistentVolumeClaim"}"#,
            #"{"metadata":{"name":"node-a","labels":{"zone":1}},"status":{"capacity":{"cpu":"4"}},"kind":"Node"}"#,
            #"{"metadata":{"name":"web","namespace":"shop"},"spec":{"nodeName":"node-a","containers":[{"name":"app"}]},"kind":"Pod"}"#,
            #"{"kind":"Pod","metadata":{"name":"broken","namespace":"shop"},"spec":{"containers":"app"}}"#,
        ]
        let data = Data(#"{"apiVersion":"v1","kind":"List","metadata":{"resourceVersion":""},"items":[\#(items.joined(separator: ","))]}"#.utf8)
        let page = try Differential.expectSame(data, as: .mixedList)
        #expect(page.list.items.map(\.name) == ["web"])
        #expect(page.list.rejected.map(\.objectName) == ["shop/broken"])
        #expect(page.list.rejected.first?.index == 3)
        #expect(page.skippedItemCount == 2)
    }
}
