import Foundation
import KubeModel
import Testing
@testable import VolumeGraph

@Suite struct JSONRendererTests {
    static let readAt = Date(timeIntervalSince1970: 1_795_428_000) // 2026-11-23T10:00:00Z

    static func sample() throws -> RelationshipGraph {
        var inventory = Fx.healthyShop()
        inventory.pods.append(Fx.pod("shop", "wörker \"quoted\".v2", phase: "Pending", node: nil, claims: ["gone"],
                                     labels: ["app": "api"]))
        inventory.services.append(Fx.service("shop", "api", selector: ["app": "api"]))
        inventory.persistentVolumes.append(Fx.pv("pv-old", phase: "Released", claim: ("shop", "old")))
        return try GraphBuilder(GraphOptions(kinds: .all)).build(from: inventory, generatedAt: readAt.addingTimeInterval(0.75))
    }

    @Test func decodesBackToAnEqualGraph() throws {
        let graph = try Self.sample()
        let decoded = try GraphRenderer.decodeJSON(try GraphRenderer.jsonData(graph))
        #expect(decoded == graph)
        #expect(decoded.findings.map(\.code) == [.pvcMissing, .pvReleased])
        #expect(decoded.generatedAt == Self.readAt, "whole seconds, so the ISO 8601 text round-trips")
    }

    @Test func documentHasTheDocumentedShape() throws {
        let text = try GraphRenderer.json(try Self.sample())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["apiVersion"] as? String == "kubecapwatch/v1")
        #expect(object["kind"] as? String == "RelationshipGraph")
        #expect(object["generatedAt"] as? String == "2026-11-23T10:00:00Z")
        let nodes = try #require(object["nodes"] as? [[String: Any]])
        let pv = try #require(nodes.first { $0["name"] as? String == "pv-data" })
        #expect(pv["kind"] as? String == "PersistentVolume")
        #expect(pv["namespace"] == nil, "cluster-scoped objects carry no namespace key")
        #expect(pv["uid"] as? String == "uid-pv-data")
        #expect(pv["status"] as? String == "Bound")
        let properties = try #require(pv["properties"] as? [String: Any])
        #expect(properties["capacity"] as? String == "1Gi")
        #expect(properties["accessModes"] as? [String] == ["ReadWriteOnce"])
        #expect(properties["reclaimPolicy"] as? String == "Delete")
        #expect(properties["storageClass"] as? String == "fast")
        #expect((properties["claim"] as? [String: String]) == ["kind": "PersistentVolumeClaim", "namespace": "shop", "name": "data"])
        #expect(properties["requested"] == nil, "fields that do not apply are left out")
        let relationships = try #require(object["relationships"] as? [[String: Any]])
        let bound = try #require(relationships.first { $0["type"] as? String == "bound_to" })
        #expect((bound["source"] as? [String: String]) == ["kind": "PersistentVolumeClaim", "namespace": "shop", "name": "data"])
        #expect((bound["target"] as? [String: String]) == ["kind": "PersistentVolume", "name": "pv-data"])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.compactMap { $0["code"] as? String } == ["pvc-missing", "pv-released"])
        let first = try #require(findings.first)
        #expect(first["severity"] as? String == "error")
        #expect((first["objects"] as? [[String: String]])?.first == ["kind": "Pod", "namespace": "shop", "name": "wörker \"quoted\".v2"])
    }

    @Test func outputIsIdenticalWhateverTheInventoryOrder() throws {
        let inventory = NamespaceFilterTests.twoNamespaces()
        var shuffled = inventory
        shuffled.pods.reverse()
        shuffled.persistentVolumeClaims.reverse()
        shuffled.persistentVolumes.reverse()
        shuffled.storageClasses.reverse()
        shuffled.nodes.reverse()
        let one = try GraphRenderer.json(try Fx.build(inventory))
        let two = try GraphRenderer.json(try Fx.build(shuffled))
        #expect(one == two)
        #expect(GraphRenderer.dot(try Fx.build(inventory)) == GraphRenderer.dot(try Fx.build(shuffled)))
        #expect(GraphRenderer.mermaid(try Fx.build(inventory)) == GraphRenderer.mermaid(try Fx.build(shuffled)))
    }

    @Test func anEmptyInventoryGivesAnEmptyDocument() throws {
        let graph = try Fx.build(GraphInventory())
        let decoded = try GraphRenderer.decodeJSON(Data(try GraphRenderer.json(graph).utf8))
        #expect(decoded.nodes.isEmpty && decoded.relationships.isEmpty && decoded.findings.isEmpty)
        #expect(decoded.generatedAt == nil)
    }
}

@Suite struct SecretContentTests {
    /// A kubectl `List` whose Secret and ConfigMap carry data, and whose pod sets a literal env value.
    static let snapshot = """
    {"apiVersion":"v1","kind":"List","items":[
      {"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"shop"},
       "data":{"password":"aHVudGVyMg=="},"stringData":{"token":"TOKEN-PLAINTEXT-42"}},
      {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cfg","namespace":"shop"},
       "data":{"setting":"CONFIG-VALUE-17"}},
      {"apiVersion":"v1","kind":"Pod","metadata":{"name":"api","namespace":"shop"},
       "spec":{"containers":[{"name":"app","env":[{"name":"LITERAL","value":"ENV-LITERAL-99"},
          {"name":"PW","valueFrom":{"secretKeyRef":{"name":"db","key":"password"}}}],
          "envFrom":[{"configMapRef":{"name":"cfg"}}]}]},
       "status":{"phase":"Running"}}
    ]}
    """

    @Test func namesAppearButNeverContents() throws {
        let list = try JSONDecoder().decode(MixedList.self, from: Data(Self.snapshot.utf8))
        let graph = try GraphBuilder(GraphOptions(kinds: .all)).build(from: GraphInventory(objects: list.items))
        #expect(graph.edgeTexts == ["Pod shop/api -uses-> Secret shop/db", "Pod shop/api -uses-> ConfigMap shop/cfg"])
        let outputs = [try GraphRenderer.json(graph), GraphRenderer.dot(graph), GraphRenderer.mermaid(graph)]
        for output in outputs {
            #expect(output.contains("db") && output.contains("cfg"))
            for content in ["aHVudGVyMg==", "hunter2", "TOKEN-PLAINTEXT-42", "CONFIG-VALUE-17", "ENV-LITERAL-99", "password"] {
                #expect(!output.contains(content), "\(content) leaked")
            }
        }
    }
}

@Suite struct JSONDecodingTests {
    @Test func aDocumentOfAnotherKindIsRejected() throws {
        let text = try GraphRenderer.json(try Fx.build(Fx.healthyShop()))
            .replacingOccurrences(of: "\"RelationshipGraph\"", with: "\"CapacityReport\"")
        #expect(throws: DecodingError.self) { try GraphRenderer.decodeJSON(Data(text.utf8)) }
    }
}
