import Foundation
import Testing
import KubeModel
@testable import Capacity

/// Pod rows are stored compactly and made on access: what comes out must be exactly what went in,
/// in the order the plain `[PodCapacity]` sort gave.
@Suite struct PodCapacityRowsTests {
    typealias F = Fixture

    static let nodes: [CapacityNode] = [
        F.node("node-b", capacity: ["cpu": "2", "memory": "4Gi"], labels: ["pool": "web"]),
        F.node("node-a", capacity: ["cpu": "4", "memory": "8Gi"], labels: ["pool": "web"]),
        F.node("node-z", capacity: ["cpu": "0", "memory": "0"], labels: ["pool": "batch"]),
    ]

    /// Names chosen to trip a byte-wise comparison: shared prefixes, a prefix of another name, the same
    /// name in several namespaces and on several nodes.
    static let pods: [CapacityPod] = {
        let placements: [(String, String, String, String)] = [
            ("shop", "web-1", "node-b", "500m"), ("shop", "web", "node-a", "1"), ("shop", "web-10", "node-a", "250m"),
            ("kube-system", "web", "node-b", "100m"), ("a", "web", "node-a", "100m"), ("shop", "api", "node-z", "2"),
            ("shop", "web", "node-b", "1"), ("batch", "job-x", "node-a", "3"), ("shop", "we", "node-a", "0"),
        ]
        return placements.map { namespace, name, node, cpu in
            F.pod(name, namespace: namespace, node: node, containers: [F.container(requests: ["cpu": cpu, "memory": "64Mi"])])
        }
    }()

    private func report(_ options: CapacityOptions) -> CapacityReport {
        var aggregator = CapacityAggregator(options: options)
        aggregator.add(pods: Self.pods)
        aggregator.add(nodes: Self.nodes)
        return aggregator.report(cluster: "c", generatedAt: Date(timeIntervalSince1970: 0))
    }

    private func key(_ pod: PodCapacity) -> String { "\(pod.namespace)/\(pod.name)@\(pod.node)" }

    @Test func nameOrderIsStringOrderOfNamespaceNameNode() throws {
        let rows = try #require(report(CapacityOptions()).pods)
        let expected = rows.sorted { ($0.namespace, $0.name, $0.node) < ($1.namespace, $1.name, $1.node) }
        #expect(rows.map(key) == expected.map(key))
        #expect(rows.map(key).first == "a/web@node-a")
        #expect(Array(rows.map(key).suffix(4)) == ["shop/web@node-a", "shop/web@node-b", "shop/web-1@node-b", "shop/web-10@node-a"])
    }

    @Test func rowsCarryTheirNodesAllocatable() throws {
        let rows = try #require(report(CapacityOptions()).pods)
        let web = try #require(rows.first { key($0) == "shop/web@node-b" })
        #expect(web.cpu == PodFigures(requests: 1_000, limits: 0, nodeAllocatable: 2_000))
        #expect(web.cpu.requestsPercent == 50)
        #expect(web.memory == PodFigures(requests: 67_108_864, limits: 0, nodeAllocatable: 4_294_967_296))
        let api = try #require(rows.first { $0.name == "api" })
        #expect(api.cpu.requestsPercent == nil)
    }

    @Test func percentSortPutsNotApplicableLastAndBreaksTiesByName() throws {
        let rows = try #require(report(CapacityOptions(sort: .cpuRequestsPercent)).pods)
        #expect(rows.map(key) == [
            "batch/job-x@node-a",                       // 3000m of 4000m: 75%
            "shop/web@node-b",                          // 1000m of 2000m: 50%
            "shop/web@node-a", "shop/web-1@node-b",     // 1000m of 4000m and 500m of 2000m: both 25%, by name
            "shop/web-10@node-a", "kube-system/web@node-b", "a/web@node-a", "shop/we@node-a", // 6.25, 5, 2.5, 0%
            "shop/api@node-z",                          // allocatable 0: n/a, last
        ])
    }

    @Test func rowsOfNodesOutsideTheSelectorAreDropped() throws {
        let options = CapacityOptions(nodeSelector: try LabelSelector(parsing: "pool=batch"))
        let rows = try #require(report(options).pods)
        #expect(rows.map(key) == ["shop/api@node-z"])
    }

    @Test func handMadeRowsEqualAggregatedRows() throws {
        let aggregated = try #require(report(CapacityOptions()).pods)
        let handMade = PodCapacityRows(Array(aggregated))
        #expect(handMade == aggregated)
        #expect(Array(handMade) == Array(aggregated))
        var changed = Array(aggregated)
        changed[3].cpu.limits += 1
        #expect(PodCapacityRows(changed) != aggregated)
        let literal: PodCapacityRows = [aggregated[0], aggregated[1]]
        #expect(literal.map(key) == [key(aggregated[0]), key(aggregated[1])])
    }

    @Test func longAndNonASCIINamesRoundTrip() {
        let long = String(repeating: "x", count: 100_000)
        let figures = PodFigures(requests: 1, limits: 2, nodeAllocatable: 3)
        let rows: [PodCapacity] = [
            PodCapacity(namespace: "ns", name: "short", node: "n", cpu: figures, memory: figures),
            PodCapacity(namespace: "ns", name: long, node: "n", cpu: figures, memory: figures),
            PodCapacity(namespace: "ns", name: "café-ünïcode", node: "n", cpu: figures, memory: figures),
            PodCapacity(namespace: "", name: "", node: "", cpu: figures, memory: figures),
        ]
        #expect(Array(PodCapacityRows(rows)) == rows)
    }

    @Test func manyRowsSpanSeveralChunksIntact() throws {
        var aggregator = CapacityAggregator()
        aggregator.add(Self.nodes[1])
        let count = 10_000
        for index in (0..<count).reversed() {
            aggregator.add(F.pod("pod-\(index)", namespace: "ns-\(index % 7)", node: "node-a",
                                 containers: [F.container(requests: ["cpu": "\(index)m"])]))
        }
        let rows = try #require(aggregator.report(cluster: "c", generatedAt: Date()).pods)
        #expect(rows.count == count)
        #expect(Set(rows.map { "\($0.name)=\($0.cpu.requests)" }) == Set((0..<count).map { "pod-\($0)=\($0)" }))
        #expect(rows.map(\.namespace) == rows.map(\.namespace).sorted())
    }
}
