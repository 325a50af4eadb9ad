import FastDecode
import Foundation
import KubeModel
import Testing

/// One object on its own — a GET response, or the `object` of a watch event a watch-fed model will apply — decodes
/// into the same narrow models as a list item, and exactly as `JSONDecoder().decode(CapacityPod.self, from:)`.
@Suite struct ObjectTests {
    /// Either decoder's outcome: the value, or that it threw.
    static func outcome<Value: Equatable>(_ decode: () throws -> Value) -> Value? { try? decode() }

    static let pods: [String] = [
        MutationTests.richPod,
        Page.pod(),
        "{}",
        #"{"kind":"Pod","metadata":{"name":"late"},"status":{"containerStatuses":[{"name":"app","resources":{"requests":{"cpu":"2"}}}],"resize":"Infeasible"},"spec":{"nodeName":"n","containers":[{"name":"app"}]}}"#,
        // The kind of a lone object is not checked (JSONDecoder reads it as a pod all the same).
        #"{"kind":"Node","metadata":{"name":"odd-kind"}}"#,
        // Left to JSONDecoder: a number quantity, an escaped key, a repeated key.
        Page.pod(container: #","resources":{"requests":{"cpu":1}}"#),
        #"{"metadata":{"n\u0061me":"escaped"}}"#,
        #"{"spec":{"nodeName":"a"},"spec":{"nodeName":"b"}}"#,
        // Rejected by both: a wrong type in a field the scan reads, an object that is not one, broken JSON.
        Page.pod(spec: #"{"containers":"app"}"#),
        #"["not", "an", "object"]"#,
        #"{"metadata":{"name":"a"}} trailing"#,
        #"{"metadata":{"name":"a",}}"#,
        "",
    ]

    @Test(arguments: pods)
    func podDecodesLikeJSONDecoder(json: String) {
        let data = Data(json.utf8)
        let decoder = FastPodListDecoder()
        let fast = Self.outcome { Canonical.pod(try decoder.decodePod(data)) }
        let reference = Self.outcome { Canonical.pod(try JSONDecoder().decode(CapacityPod.self, from: data)) }
        #expect(fast == reference)
    }

    @Test func scannedPodCarriesEveryField() throws {
        let pod = try FastPodListDecoder().decodePod(Data(MutationTests.richPod.utf8))
        #expect(pod.name == "web-7d9" && pod.namespace == "shop" && pod.nodeName == "node-a")
        #expect(pod.phase == "Running" && pod.resize == "InProgress")
        #expect(pod.containers.map(\.name) == ["app"] && pod.initContainers.map(\.name) == ["init", "proxy"])
        #expect(pod.initContainers.map(\.isRestartableSidecar) == [false, true])
        #expect(pod.containerStatuses == [CapacityPod.ContainerStatus(name: "app", requests: ["cpu": "500m", "memory": "64Mi"]),
                                          CapacityPod.ContainerStatus(name: "other", requests: nil)])
        #expect(pod.overhead == ["cpu": "100m"])
        #expect(pod.resources == ResourceRequirements(requests: ["cpu": "1"], limits: ["memory": "1Gi"]))
    }

    static let nodes: [String] = [
        MutationTests.richNode,
        NodePageTests.node,
        #"{"metadata":{"name":"bare"}}"#,
        #"{"metadata":{"name":"label-number","labels":{"zone":1}}}"#,
        #"{"metadata":{"name":"condition-null"},"status":{"conditions":[null]}}"#,
        #"{"metadata":{"name":"number-quantity"},"status":{"capacity":{"cpu":8}}}"#,
    ]

    @Test(arguments: nodes)
    func nodeDecodesLikeJSONDecoder(json: String) {
        let data = Data(json.utf8)
        let decoder = FastNodeListDecoder()
        let fast = Self.outcome { Canonical.node(try decoder.decodeNode(data)) }
        let reference = Self.outcome { Canonical.node(try JSONDecoder().decode(CapacityNode.self, from: data)) }
        #expect(fast == reference)
    }

    @Test func oneDecoderServesPagesAndObjectsInTurn() throws {
        let decoder = FastPodListDecoder()
        for round in 0..<3 {
            let page = Page.podList((0..<5).map { Page.pod(name: "\"p-\(round)-\($0)\"") })
            #expect(try decoder.decodePodPage(page).items.count == 5)
            #expect(try decoder.decodePod(Data(Page.pod(name: "\"single-\(round)\"").utf8)).name == "single-\(round)")
        }
    }
}
