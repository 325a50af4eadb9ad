import FastDecode
import Foundation
import KubeModel
import Testing

/// Node pages: every field of `CapacityNode` equals what JSONDecoder makes of it.
@Suite struct NodePageTests {
    static func expectSame(_ data: Data, mixed: Bool = false, sourceLocation: SourceLocation = #_sourceLocation) throws -> FastNodePage {
        let fast = try FastNodeListDecoder().decodePage(data)
        let expected: KubeList<CapacityNode>
        if mixed {
            let list = try JSONDecoder().decode(KubeList<CapacityObject>.self, from: data)
            expected = KubeList(metadata: list.metadata, items: list.items.compactMap {
                if case .node(let node) = $0 { return node }
                return nil
            }, rejected: list.rejected.filter { $0.kind == "Node" })
        } else {
            expected = try JSONDecoder().decode(KubeList<CapacityNode>.self, from: data)
        }
        #expect(fast.list.metadata == expected.metadata, sourceLocation: sourceLocation)
        #expect(fast.list.items.map(Canonical.node) == expected.items.map(Canonical.node), sourceLocation: sourceLocation)
        #expect(fast.list.rejected == expected.rejected, sourceLocation: sourceLocation)
        return fast
    }

    static func nodeList(_ items: [String]) -> Data {
        Data(#"{"kind":"NodeList","metadata":{"resourceVersion":"5"},"items":[\#(items.joined(separator: ","))]}"#.utf8)
    }

    static let node = #"{"metadata":{"name":"node-a","uid":"n-1","labels":{"zone":"a","node-role.kubernetes.io/worker":""},"annotations":{"x":"y"}},"spec":{"podCIDR":"10.0.0.0/24","taints":[{"key":"k","effect":"NoSchedule"}]},"status":{"capacity":{"cpu":"8","memory":"32Gi","pods":"110"},"allocatable":{"cpu":"7910m","memory":"31Gi","pods":"110"},"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady"},{"type":"MemoryPressure","status":"False"}],"images":[{"names":["a"],"sizeBytes":1}]}}"#

    @Test func generatedClusterNodes() throws {
        let cluster = try GeneratedClusterTests.cluster(seed: 2)
        let page = try Self.expectSame(cluster, mixed: true)
        #expect(page.list.items.count == 20 && page.referenceItemCount == 0)
        let lines = String(decoding: cluster, as: UTF8.self).split(separator: "\n")
            .filter { $0.contains(#""kind":"Node""#) }.map { String($0.hasSuffix(",") ? $0.dropLast() : $0) }
        let typed = try Self.expectSame(Self.nodeList(lines.map { $0.replacingOccurrences(of: #""kind":"Node","#, with: "") }))
        #expect(typed.list.items.count == 20 && typed.referenceItemCount == 0)
    }

    @Test func demoSnapshotNodes() throws {
        let data = try Data(contentsOf: MixedListTests.repositoryRoot.appendingPathComponent("examples/demo-cluster.json"))
        #expect(try !Self.expectSame(data, mixed: true).list.items.isEmpty)
    }

    static let cases: [(String, Bool)] = [
        // (item, scanned without JSONDecoder)
        (node, true),
        (#"{"metadata":{"name":"bare"}}"#, true),
        (#"{"metadata":{"name":"no-alloc"},"status":{"capacity":{"cpu":"4"}}}"#, true),
        (#"{"metadata":{"name":"null-alloc"},"status":{"capacity":{"cpu":"4"},"allocatable":null}}"#, true),
        (#"{"metadata":{"name":"empty-alloc"},"status":{"capacity":{"cpu":"4"},"allocatable":{}}}"#, true),
        (#"{"metadata":{"name":"cordoned","labels":null},"spec":{"unschedulable":true}}"#, true),
        (#"{"metadata":{"name":"n"},"spec":{"unschedulable":null},"status":{"conditions":null}}"#, true),
        (#"{"metadata":{"name":"odd-quantities"},"status":{"capacity":{"cpu":null,"memory":{}}}}"#, true),
        (#"{"metadata":{"name":"escaped \"label\"","labels":{"a\/b":"c\u00e9"}}}"#, true),
        (#"{"metadata":{"name":"number-quantity"},"status":{"capacity":{"cpu":8}}}"#, false),
        (#"{"metadata":{"name":"unschedulable-string"},"spec":{"unschedulable":"yes"}}"#, false),
        (#"{"metadata":{"name":"condition-without-status"},"status":{"conditions":[{"type":"Ready"}]}}"#, false),
        (#"{"metadata":{"name":"condition-null-type"},"status":{"conditions":[{"type":null,"status":"True"}]}}"#, false),
        (#"{"metadata":{"name":"condition-null"},"status":{"conditions":[null]}}"#, false),
        (#"{"metadata":{"name":"label-number","labels":{"zone":1}}}"#, false),
        (#"{"metadata":{"name":"label-repeated","labels":{"zone":"a","zone":"b"}}}"#, false),
        // Fields the scan does not read are not decoded, so these are fine nodes for both decoders.
        (#"{"metadata":{"name":"owner","ownerReferences":[{"controller":1}],"creationTimestamp":5}}"#, true),
        (#"{"metadata":{"name":"not-ready"},"status":{"conditions":[{"type":"Ready","status":"False"},{"type":"X","status":"True"}]}}"#, true),
        (#"{"metadata":{"name":"ready-late"},"status":{"conditions":[{"type":"DiskPressure","status":"False"},{"type":"Ready","status":"True"}]}}"#, true),
        (#"{"metadata":{"name":"capacity-array"},"status":{"capacity":[]}}"#, false),
    ]

    @Test(arguments: cases)
    func decodesLikeJSONDecoder(item: String, scanned: Bool) throws {
        let page = try Self.expectSame(Self.nodeList([Self.node, item, Self.node]))
        #expect((page.referenceItemCount == 0) == scanned)
    }

    @Test func readinessFollowsTheReadyCondition() throws {
        let list = try FastNodeListDecoder().decodeNodePage(Self.nodeList([
            Self.node,
            #"{"metadata":{"name":"not-ready"},"status":{"conditions":[{"type":"Ready","status":"False"},{"type":"X","status":"True"}]}}"#,
            #"{"metadata":{"name":"ready-late"},"status":{"conditions":[{"type":"DiskPressure","status":"False"},{"type":"Ready","status":"True"}]}}"#,
            #"{"metadata":{"name":"no-conditions"}}"#,
        ]))
        #expect(list.items.map(\.isReady) == [true, false, true, false])
    }

    @Test func podsOfAMixedListAreSkipped() throws {
        let data = Data(#"{"kind":"List","items":[\#(Self.node),{"kind":"Pod","metadata":{"name":"p"}},{"metadata":{"name":"late-kind"},"kind":"Node"}]}"#.utf8)
        let page = try FastNodeListDecoder().decodePage(data)
        #expect(page.list.items.map(\.name) == ["node-a", "late-kind"])
        #expect(page.skippedItemCount == 1)
    }

    @Test func allocatableAbsentIsNotEmpty() throws {
        let list = try FastNodeListDecoder().decodeNodePage(Self.nodeList([
            #"{"metadata":{"name":"a"},"status":{"capacity":{"cpu":"4"}}}"#,
            #"{"metadata":{"name":"b"},"status":{"capacity":{"cpu":"4"},"allocatable":{}}}"#,
        ]))
        #expect(list.items[0].allocatable == nil)
        #expect(list.items[1].allocatable == ResourceList())
        #expect(list.items.allSatisfy { $0.capacity["cpu"] == "4" })
    }
}
