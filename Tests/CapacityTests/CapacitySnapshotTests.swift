import Foundation
import Testing
import KubeModel
@testable import Capacity

/// A report cut from a snapshot of everything must equal the report of an aggregation made with the same
/// options from the start (what `scan` prints): the HTTP API serves the first, and promises the second.
@Suite struct CapacitySnapshotTests {
    typealias S = SampleCluster
    typealias F = Fixture

    /// The sample cluster plus two nodes whose CPU figures are fractions of a millicore: rounding each node
    /// before summing would give totals 2m too high.
    static let nodes = S.nodes + [
        F.node("frac-1", capacity: ["cpu": "1500u", "memory": "1000001m", "pods": "10"], labels: ["pool": "frac"]),
        F.node("frac-2", capacity: ["cpu": "2500u", "memory": "2000001m", "pods": "10"], labels: ["pool": "frac"]),
    ]
    static let pods = S.pods + [
        F.pod("tiny", namespace: "batch", node: "frac-1", containers: [F.container(requests: ["cpu": "700u"])]),
    ]

    private static func aggregate(_ options: CapacityOptions) -> CapacityAggregator {
        var aggregator = CapacityAggregator(options: options)
        aggregator.add(pods: pods)
        aggregator.add(nodes: nodes)
        return aggregator
    }

    private static let everything = CapacitySnapshot(cluster: "test", generatedAt: S.now, aggregation: aggregate(CapacityOptions()))

    static let selectors = ["", "pool=gpu", "pool=frac", "pool in (gpu,frac)", "!pool", "pool=none"]
    static let namespaceLists: [Set<String>] = [[], ["shop"], ["batch", "kube-system"], ["missing", "shop"]]

    @Test(arguments: selectors, namespaceLists)
    func cutReportEqualsDirectReport(selector: String, namespaces: Set<String>) throws {
        let selector = selector.isEmpty ? LabelSelector.everything : try LabelSelector(parsing: selector)
        for scope in CapacityScope.allCases {
            for (type, sort) in [(CapacityReportType.all, CapacitySortKey.name), (.cpu, .cpuRequestsPercent),
                                 (.memory, .memoryLimits), (.all, .podCount)] {
                let options = CapacityOptions(scope: scope, reportType: type, namespaces: namespaces,
                                              nodeSelector: selector, sort: sort)
                let direct = Self.aggregate(options).report(cluster: "test", generatedAt: S.now)
                let cut = Self.everything.report(options)
                #expect(cut == direct, "\(options)")
                #expect(cut.namespacesWithoutPods == direct.namespacesWithoutPods)
                #expect(CapacityJSONRenderer().render(cut) == CapacityJSONRenderer().render(direct))
                #expect(CapacityCSVRenderer().render(cut) == CapacityCSVRenderer().render(direct))
                #expect(PyklesRenderer().render(cut) == PyklesRenderer().render(direct))
            }
        }
    }

    @Test func totalsOfSelectedNodesAreRoundedOnceFromExactSums() throws {
        let report = Self.everything.report(CapacityOptions(nodeSelector: try LabelSelector(parsing: "pool=frac")))
        #expect(report.nodes.map(\.name) == ["frac-1", "frac-2"])
        #expect(report.nodes.map(\.cpu.allocatable) == [2, 3])     // 1.5m and 2.5m, each rounded up
        #expect(report.totals.cpu.allocatable == 4)                 // 4m exactly, not 2 + 3
        #expect(report.totals.cpu.requests == 1)                    // 0.7m rounded up once
        #expect(report.totals.memory.allocatable == 3_001)          // 3000.002 bytes rounded up once, not 1001 + 2001
    }

    @Test func aNodeLeftOutBySelectorIsNotAnUnknownNode() throws {
        let report = Self.everything.report(CapacityOptions(nodeSelector: try LabelSelector(parsing: "pool=frac")))
        let unknown = report.issues.filter { $0.message.contains("not in the node list") }.map(\.name)
        #expect(unknown == ["node-q"])
        #expect(report.pods?.map(\.name) == ["tiny"])
    }

    @Test func reportsShareTheSnapshotAndLeaveItWhole() throws {
        let first = Self.everything.report(CapacityOptions(namespaces: ["shop"]))
        let second = Self.everything.report(CapacityOptions())
        #expect(first.pods?.count == 2)
        #expect(second.pods?.count == 5)                            // ghost is on an unknown node
        #expect(Self.everything.keepsEveryPodRow)
        #expect(Self.everything.countedPods == 6)
        let narrow = CapacitySnapshot(cluster: "test", generatedAt: S.now,
                                      aggregation: Self.aggregate(CapacityOptions(scope: .node)))
        #expect(!narrow.keepsEveryPodRow)
        #expect(narrow.report.pods == nil)
    }
}
