import Foundation
import Testing
import KubeModel
@testable import Capacity

/// A small cluster with the awkward cases, figures computed by hand:
/// node-a: allocatable 3920m / 15Gi; pods api + web + dns counted, done/pending/bad not.
///   cpu requests 250+1000+100 = 1350m (34.44%), limits 1000+2000 = 3000m (76.53%)
///   memory requests 512+1536+70 = 2118Mi (13.79%), limits 1024+3072+170 = 4266Mi (27.77%)
/// node-b: no allocatable, capacity 2 / 4Gi used; hog requests 3 cores: over-committed at 150%.
/// node-z: allocatable zero: percentages n/a.
/// ghost sits on node-q, which is not in the node list.
enum SampleCluster {
    typealias F = Fixture
    static let mi: Int64 = 1_048_576

    static let nodes: [CapacityNode] = [
        F.node("node-a", capacity: ["cpu": "4", "memory": "16384000Ki", "pods": "110", "ephemeral-storage": "100Gi"],
               allocatable: ["cpu": "3920m", "memory": "15Gi", "pods": "110", "ephemeral-storage": "90Gi"],
               labels: ["pool": "gpu"]),
        F.node("node-b", capacity: ["cpu": "2", "memory": "4Gi", "pods": "20"]),
        F.node("node-z", capacity: ["cpu": "1", "memory": "1Gi"], allocatable: ["cpu": "0", "memory": "0", "pods": "0"]),
    ]

    static let pods: [CapacityPod] = [
        F.pod("api", namespace: "shop", containers: [F.container(requests: ["cpu": "250m", "memory": "512Mi", "ephemeral-storage": "1Gi"],
                                                                 limits: ["cpu": "1", "memory": "1Gi"])]),
        F.pod("web", namespace: "shop", containers: [F.container(requests: ["cpu": "1", "memory": "1.5Gi"],
                                                                 limits: ["cpu": "2", "memory": "3Gi"])]),
        F.pod("dns", namespace: "kube-system", containers: [F.container(requests: ["cpu": "100m", "memory": "70Mi"],
                                                                        limits: ["memory": "170Mi"])]),
        F.pod("done", namespace: "shop", phase: "Succeeded", containers: [F.container(requests: ["cpu": "8"])]),
        F.pod("failed", namespace: "shop", phase: "Failed", containers: [F.container(requests: ["cpu": "8"])]),
        F.pod("pending", namespace: "shop", node: nil, phase: "Pending", containers: [F.container(requests: ["cpu": "8"])]),
        F.pod("bad", namespace: "shop", containers: [F.container(requests: ["cpu": "1", "memory": "12O"])]),
        F.pod("hog", namespace: "batch", node: "node-b", containers: [F.container(requests: ["cpu": "3", "memory": "1Gi"])]),
        F.pod("ghost", namespace: "shop", node: "node-q", containers: [F.container(requests: ["cpu": "1"])]),
    ]

    static let now = Date(timeIntervalSince1970: 1_795_428_000) // 2026-11-23T10:00:00Z

    static func report(_ options: CapacityOptions = CapacityOptions()) -> CapacityReport {
        var aggregator = CapacityAggregator(options: options)
        aggregator.add(pods: pods)      // pods before their nodes, as pages may arrive
        aggregator.add(nodes: nodes)
        return aggregator.report(cluster: "test", generatedAt: now)
    }
}

@Suite struct CapacityAggregatorTests {
    typealias S = SampleCluster

    private func node(_ report: CapacityReport, _ name: String) throws -> NodeCapacity {
        try #require(report.nodes.first { $0.name == name })
    }

    @Test func nodeFiguresMatchHandComputation() throws {
        let a = try node(S.report(), "node-a")
        #expect(a.cpu == ResourceFigures(capacity: 4_000, allocatable: 3_920, requests: 1_350, limits: 3_000))
        #expect(a.memory == ResourceFigures(capacity: 16_777_216_000, allocatable: 16_106_127_360,
                                            requests: 2_118 * S.mi, limits: 4_266 * S.mi))
        #expect(a.pods == PodCountFigures(count: 3, allocatable: 110))
        #expect(abs(a.cpu.requestsPercent! - 34.438775510) < 1e-6)
        #expect(abs(a.cpu.limitsPercent! - 76.530612244) < 1e-6)
        #expect(a.memory.requestsPercent == 13.7890625)
        #expect(a.memory.limitsPercent == 27.7734375)
        #expect(a.extended == [NamedResourceFigures(name: "ephemeral-storage", figures: ResourceFigures(
            capacity: 107_374_182_400, allocatable: 96_636_764_160, requests: 1_073_741_824, limits: 0))])
    }

    @Test func missingAllocatableFallsBackToCapacityAndOverCommitShows() throws {
        let b = try node(S.report(), "node-b")
        #expect(b.cpu == ResourceFigures(capacity: 2_000, allocatable: 2_000, requests: 3_000, limits: 0))
        #expect(b.cpu.requestsPercent == 150)
        #expect(b.cpu.limitsPercent == 0)
        #expect(b.memory.requestsPercent == 25)
        #expect(b.pods == PodCountFigures(count: 1, allocatable: 20))
    }

    @Test func zeroAllocatableGivesNoPercentage() throws {
        let z = try node(S.report(), "node-z")
        #expect(z.cpu.allocatable == 0)
        #expect(z.cpu.requestsPercent == nil)
        #expect(z.memory.limitsPercent == nil)
        #expect(z.pods.count == 0)
    }

    @Test func totalsSumReportedNodes() {
        let totals = S.report().totals
        #expect(totals.cpu == ResourceFigures(capacity: 7_000, allocatable: 5_920, requests: 4_350, limits: 3_000))
        #expect(totals.pods == PodCountFigures(count: 4, allocatable: 130))
        #expect(abs(totals.cpu.requestsPercent! - 73.47972973) < 1e-6)
    }

    @Test func malformedQuantityIsReportedAndOnlyThatPodSkipped() {
        let report = S.report()
        #expect(report.issues.contains(CapacityIssue(kind: "Pod", namespace: "shop", name: "bad",
                                                     field: "spec.containers[app].resources.requests.memory", value: "12O",
                                                     message: "quantities must match <sign><digits>[.<digits>]<suffix>; pod skipped")))
        #expect(report.pods?.map(\.name).sorted() == ["api", "dns", "hog", "web"])
    }

    @Test func podsOnUnknownNodesAreReportedNotCounted() {
        let report = S.report()
        #expect(report.issues.contains { $0.kind == "Node" && $0.name == "node-q" && $0.message.hasPrefix("1 pod(s)") })
        #expect(!report.nodes.contains { $0.name == "node-q" })
        #expect(report.issues.count == 2)
    }

    @Test func podRowsCarryPercentagesOfTheirNode() throws {
        let pods = try #require(S.report().pods)
        let api = try #require(pods.first { $0.name == "api" })
        #expect(api.namespace == "shop")
        #expect(api.node == "node-a")
        #expect(api.cpu.requests == 250)
        #expect(api.cpu.limits == 1_000)
        #expect(abs(api.cpu.requestsPercent! - 6.377551) < 1e-6)
        #expect(api.memory.requests == 512 * S.mi)
        #expect(abs(api.memory.requestsPercent! - 3.3333333) < 1e-6)
        let dns = try #require(pods.first { $0.name == "dns" })
        #expect(dns.cpu.limits == 0)
        #expect(dns.cpu.limitsPercent == 0)
    }

    /// `namespace` means one thing in `scan` and `run`: node figures are whole-node, the filter narrows pod rows.
    @Test func namespaceFilterNarrowsPodRowsButNotNodeFigures() throws {
        let whole = S.report()
        let report = S.report(CapacityOptions(namespaces: ["shop", "ghost-town"]))
        #expect(report.nodes == whole.nodes)
        #expect(report.totals == whole.totals)
        let a = try node(report, "node-a")
        #expect(a.cpu.requests == 1_350)
        #expect(a.pods.count == 3)
        #expect(report.pods?.map(\.name).sorted() == ["api", "web"])
        // hog (batch) counts on node-b, without a row of its own.
        #expect(try node(report, "node-b").cpu.requests == 3_000)
        #expect(report.issues == whole.issues)
        #expect(report.namespacesWithoutPods == ["ghost-town"])
        #expect(whole.namespacesWithoutPods == [])
    }

    @Test func namespacesWithoutCountedPodsAreNamed() throws {
        // Only finished or unscheduled pods in "idle": nothing counts there. A malformed pod still shows that
        // its namespace has pods (it is reported on its own).
        var aggregator = CapacityAggregator(options: CapacityOptions(scope: .node, namespaces: ["idle", "broken", "shop"]))
        aggregator.add(pods: [
            Fixture.pod("done", namespace: "idle", phase: "Succeeded", containers: [Fixture.container(requests: ["cpu": "1"])]),
            Fixture.pod("queued", namespace: "idle", node: nil, phase: "Pending"),
            Fixture.pod("bad", namespace: "broken", containers: [Fixture.container(requests: ["cpu": "1x"])]),
            Fixture.pod("api", namespace: "shop"),
        ])
        aggregator.add(Fixture.node("node-a", capacity: ["cpu": "1"]))
        let report = aggregator.report(cluster: "c", generatedAt: S.now)
        #expect(report.namespacesWithoutPods == ["idle"])
        #expect(report.namespacesWithoutPodsWarning == "no pods in namespace \"idle\" (none bound to a node and "
            + "unfinished): no pod rows or pod alerts come from it; check the namespace list")
        var two = report
        two.namespacesWithoutPods = ["a", "b"]
        #expect(two.namespacesWithoutPodsWarning?.hasPrefix("no pods in namespaces \"a\", \"b\" (") == true)
        #expect(two.namespacesWithoutPodsWarning?.contains("come from them;") == true)
    }

    @Test func negativeQuantitiesAreCountedAsGivenAndReported() throws {
        var aggregator = CapacityAggregator()
        aggregator.add(Fixture.pod("odd", namespace: "shop", containers: [
            Fixture.container("a", requests: ["cpu": "-100m", "memory": "1Gi"], limits: ["memory": "-1Gi"]),
            Fixture.container("b", requests: ["cpu": "300m"]),
        ]))
        aggregator.add(Fixture.node("node-a", capacity: ["cpu": "1", "memory": "4Gi"],
                                    allocatable: ["cpu": "1", "memory": "-2Gi"]))
        let report = aggregator.report(cluster: "c", generatedAt: S.now)
        let a = try node(report, "node-a")
        #expect(a.cpu.requests == 200)
        #expect(a.memory.limits == -1_073_741_824)
        #expect(a.memory.allocatable == -2_147_483_648)
        #expect(report.pods?.count == 1)
        let described = report.issues.map(\.description)
        #expect(described == [
            "Pod shop/odd: spec.containers[a].resources.requests.cpu: negative quantity \"-100m\"; counted as given, "
                + "it lowers the sums it is part of",
            "Pod shop/odd: spec.containers[a].resources.limits.memory: negative quantity \"-1Gi\"; counted as given, "
                + "it lowers the sums it is part of",
            "Node node-a: status.allocatable.memory: negative quantity \"-2Gi\"; counted as given, "
                + "it lowers the sums it is part of",
        ])
    }

    @Test func figuresBeyondInt64AreClampedAndReportedWithTheExactSum() throws {
        var aggregator = CapacityAggregator()
        // Two pods of 6 exabytes each: 12 EB of memory requests is beyond Int64's 9.2e18 bytes.
        for name in ["x", "y"] {
            aggregator.add(Fixture.pod(name, containers: [Fixture.container(requests: ["memory": "6E", "cpu": "1"])]))
        }
        aggregator.add(Fixture.node("node-a", capacity: ["cpu": "4", "memory": "16Gi"]))
        let report = aggregator.report(cluster: "c", generatedAt: S.now)
        #expect(try node(report, "node-a").memory.requests == .max)
        #expect(report.issues.map(\.description) == [
            "Node node-a: requests.memory: the sum is 12000000000000000000, beyond the 64-bit range of the outputs; "
                + "shown as 9223372036854775807",
            "Cluster c: totals.requests.memory: the sum is 12000000000000000000, beyond the 64-bit range of the "
                + "outputs; shown as 9223372036854775807",
        ])
        // CPU in millicores, as shown: 10 P cores is 10^19 m.
        var cpu = CapacityAggregator()
        cpu.add(Fixture.pod("x", containers: [Fixture.container(requests: ["cpu": "10P"])]))
        cpu.add(Fixture.node("node-a", capacity: ["cpu": "4"]))
        #expect(cpu.report(cluster: "c", generatedAt: S.now).issues.first?.description
            == "Node node-a: requests.cpu: the sum is 10000000000000000000 millicores, beyond the 64-bit range of the "
            + "outputs; shown as 9223372036854775807")
    }

    @Test func nodeSelectorNarrowsNodesPodsAndTotals() throws {
        let report = S.report(CapacityOptions(nodeSelector: try LabelSelector(parsing: "pool=gpu")))
        #expect(report.nodes.map(\.name) == ["node-a"])
        #expect(report.pods?.map(\.name).sorted() == ["api", "dns", "web"])
        #expect(report.totals.cpu.allocatable == 3_920)
    }

    @Test func nodeScopeKeepsNoPodRows() {
        let report = S.report(CapacityOptions(scope: .node))
        #expect(report.pods == nil)
        #expect(report.nodes.count == 3)
        #expect(report.totals.cpu.requests == 4_350)
    }

    static let sorts: [(CapacitySortKey, [String])] = [
        (.name, ["node-a", "node-b", "node-z"]),
        (.cpuRequestsPercent, ["node-b", "node-a", "node-z"]),
        (.cpuLimits, ["node-a", "node-b", "node-z"]),
        (.memoryRequests, ["node-a", "node-b", "node-z"]),
        (.podCount, ["node-a", "node-b", "node-z"]),
    ]

    @Test(arguments: sorts)
    func nodesSortByAnyFigure(key: CapacitySortKey, expected: [String]) {
        #expect(S.report(CapacityOptions(sort: key)).nodes.map(\.name) == expected)
    }

    @Test func podsSortByFigureThenName() {
        let pods = S.report(CapacityOptions(sort: .cpuRequests)).pods?.map(\.name)
        #expect(pods == ["hog", "web", "api", "dns"])
    }

    static let sortArguments: [(String, CapacitySortKey?)] = [
        ("cpu.request", .cpuRequests), ("cpu.request.percentage", .cpuRequestsPercent), ("mem.limit", .memoryLimits),
        ("memoryLimitsPercent", .memoryLimitsPercent), ("NAME", .name), ("pods", .podCount), ("cpu.util", nil),
    ]

    @Test(arguments: sortArguments)
    func sortKeysParseBothSpellings(argument: String, expected: CapacitySortKey?) {
        #expect(CapacitySortKey(argument: argument) == expected)
    }

    @Test func pagesAndRejectedItemsAreReported() {
        var aggregator = CapacityAggregator()
        aggregator.add(nodePage: KubeList(items: [S.nodes[0]]))
        aggregator.add(podPage: KubeList(items: [S.pods[0]], rejected: [
            RejectedItem(index: 3, kind: nil, namespace: "shop", name: "broken", reason: "spec.containers: expected array"),
        ]))
        let report = aggregator.report(cluster: "c", generatedAt: S.now)
        #expect(report.nodes.first?.cpu.requests == 250)
        #expect(report.issues.map(\.description) == ["Pod shop/broken: could not be decoded (spec.containers: expected array); skipped"])
    }

    @Test func duplicateNodeReplacesFiguresButKeepsSums() throws {
        var aggregator = CapacityAggregator()
        aggregator.add(S.nodes[0])
        aggregator.add(S.pods[0])
        aggregator.add(Fixture.node("node-a", capacity: ["cpu": "8"], allocatable: ["cpu": "8"]))
        let a = try #require(aggregator.report(cluster: "c", generatedAt: S.now).nodes.first)
        #expect(a.cpu.allocatable == 8_000)
        #expect(a.cpu.requests == 250)
    }

    @Test func malformedNodeResourceIsReportedAndTreatedAsAbsent() throws {
        var aggregator = CapacityAggregator()
        aggregator.add(Fixture.node("n", capacity: ["cpu": "4"], allocatable: ["cpu": "4 cores", "memory": "8Gi"]))
        let report = aggregator.report(cluster: "c", generatedAt: S.now)
        let n = try #require(report.nodes.first)
        #expect(n.cpu.allocatable == 0)
        #expect(n.cpu.requestsPercent == nil)
        #expect(n.memory.allocatable == 8_589_934_592)
        #expect(report.issues.first?.field == "status.allocatable.cpu")
        #expect(report.issues.first?.value == "4 cores")
    }
}

@Suite struct PercentTests {
    @Test func wholePercentagesStayExact() {
        #expect(ResourceFigures.percent(29, of: 100) == 29)
        #expect(ResourceFigures.percent(1_960, of: 3_920) == 50)
        #expect(ResourceFigures.percent(5, of: 0) == nil)
        #expect(ResourceFigures.percent(0, of: 0) == nil)
        #expect(ResourceFigures.percent(3_000, of: 2_000) == 150)
    }
}
