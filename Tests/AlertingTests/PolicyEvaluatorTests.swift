import Foundation
import Testing
import KubeModel
import Capacity
@testable import Alerting

@Suite struct PolicyEvaluatorTests {
    typealias F = Fixture

    private func breaches(_ rules: AlertRules, _ observations: [CapacityObservation]) -> [String] {
        PolicyEvaluator(cluster: F.cluster, rules: rules).evaluate(observations).breaches
            .map { "\($0.key.object) \($0.key.measure.rawValue)" }.sorted()
    }

    /// One hot node and one hot pod in `shop`, each over 80% on every measure.
    static let hot: [CapacityObservation] = [
        F.node("n1", cpuRequests: 900, cpuLimits: 950, memoryRequests: 15 * F.gi, memoryLimits: 16 * F.gi),
        F.pod("shop", "api", cpuRequests: 900, cpuLimits: 950, memoryRequests: 15 * F.gi, memoryLimits: 16 * F.gi),
    ]

    struct ScopeCase: Sendable, CustomTestStringConvertible {
        var scope: CapacityScope
        var reportType: CapacityReportType
        var namespaces: Set<String>
        var expected: [String]
        var testDescription: String { "scope \(scope.rawValue), report_type \(reportType.rawValue), namespaces \(namespaces.sorted())" }
    }

    static let scopeCases: [ScopeCase] = [
        ScopeCase(scope: .all, reportType: .all, namespaces: [], expected: [
            "node/n1 cpu_limits", "node/n1 cpu_requests", "node/n1 memory_limits", "node/n1 memory_requests",
            "pod/shop/api cpu_limits", "pod/shop/api cpu_requests", "pod/shop/api memory_limits", "pod/shop/api memory_requests",
        ]),
        ScopeCase(scope: .node, reportType: .all, namespaces: [], expected: [
            "node/n1 cpu_limits", "node/n1 cpu_requests", "node/n1 memory_limits", "node/n1 memory_requests",
        ]),
        ScopeCase(scope: .pod, reportType: .cpu, namespaces: [], expected: ["pod/shop/api cpu_limits", "pod/shop/api cpu_requests"]),
        ScopeCase(scope: .all, reportType: .memory, namespaces: [], expected: [
            "node/n1 memory_limits", "node/n1 memory_requests", "pod/shop/api memory_limits", "pod/shop/api memory_requests",
        ]),
        // The namespace list narrows pods, never nodes.
        ScopeCase(scope: .all, reportType: .cpu, namespaces: ["other"], expected: ["node/n1 cpu_limits", "node/n1 cpu_requests"]),
        ScopeCase(scope: .all, reportType: .cpu, namespaces: ["shop", "other"], expected: [
            "node/n1 cpu_limits", "node/n1 cpu_requests", "pod/shop/api cpu_limits", "pod/shop/api cpu_requests",
        ]),
    ]

    @Test(arguments: scopeCases)
    func scopeReportTypeAndNamespacesNarrowTheChecks(_ example: ScopeCase) {
        let rules = F.rules(scope: example.scope, reportType: example.reportType, namespaces: example.namespaces)
        #expect(breaches(rules, Self.hot) == example.expected)
    }

    @Test func switchedOffThresholdNeverAlerts() {
        let rules = F.rules(defaultThresholds: F.thresholds(cpuRequests: nil, memoryLimits: nil))
        #expect(breaches(rules, [Self.hot[0]]) == ["node/n1 cpu_limits", "node/n1 memory_requests"])
        #expect(breaches(F.rules(defaultThresholds: .off), Self.hot).isEmpty)
    }

    @Test func podIsAShareOfItsNodesAllocatable() throws {
        // 3650m of a 4000m node is 91.25%; 12.5Gi of 16Gi is 78.125%.
        let pod = F.pod("shop", "api", cpuRequests: 3650, memoryRequests: 25 * F.gi / 2, cpuAllocatable: 4000)
        let evaluation = PolicyEvaluator(cluster: F.cluster, rules: F.rules()).evaluate([pod])
        let breach = try #require(evaluation.breaches.only)
        #expect(breach.key == F.key(.pod(namespace: "shop", name: "api")))
        #expect(breach.figures == AlertFigures(value: 3650, valueText: "3650m", allocatable: 4000, allocatableText: "4000m",
                                               percent: 91.25, threshold: 80))
        #expect(breach.policy == nil)
    }

    @Test func figuresAreInHumanUnits() throws {
        let node = F.node("n1", memoryRequests: 27 * F.gi / 2)
        let breach = try #require(PolicyEvaluator(cluster: F.cluster, rules: F.rules()).evaluate([node]).breaches.only)
        #expect(breach.figures.valueText == "13.5Gi")
        #expect(breach.figures.allocatableText == "16Gi")
        #expect(breach.figures.percent == 84.375)
    }

    @Test func noAllocatableMeansNoAlert() {
        let observations = [
            F.node("zero", cpuRequests: 500, memoryRequests: F.gi, cpuAllocatable: 0, memoryAllocatable: 0),
            F.pod("shop", "orphan", cpuRequests: 500, memoryRequests: F.gi, cpuAllocatable: nil, memoryAllocatable: nil),
        ]
        #expect(breaches(F.rules(defaultThresholds: F.thresholds(cpuRequests: F.percent(0), memoryRequests: F.percent(0))),
                         observations).isEmpty)
    }

    // MARK: policy precedence

    static let gpu = ["pool": "gpu"]
    static let plain = ["pool": "cpu"]

    /// Thresholds tell the policies apart: each policy has its own cpu_requests threshold.
    static func precedenceRules(defaultEnabled: Bool = true) throws -> AlertRules {
        let selector = try LabelSelector(parsing: "pool=gpu")
        func cpu(_ percent: Int) -> Thresholds { F.thresholds(cpuRequests: F.percent(percent)) }
        return F.rules(defaultThresholds: defaultEnabled ? cpu(50) : nil, policies: [
            AlertPolicy(name: "gpu-nodes", nodeSelector: selector, thresholds: cpu(30)),
            AlertPolicy(name: "shop", namespaces: ["shop"], thresholds: cpu(20)),
            AlertPolicy(name: "shop-on-gpu", namespaces: ["shop"], nodeSelector: selector, thresholds: cpu(10)),
            AlertPolicy(name: "gpu-nodes-again", nodeSelector: selector, thresholds: cpu(35)),
            AlertPolicy(name: "shop-again", namespaces: ["shop", "web"], thresholds: cpu(25)),
        ])
    }

    struct PrecedenceCase: Sendable, CustomTestStringConvertible {
        var observation: CapacityObservation
        var policy: String?
        var why: String
        var testDescription: String { why }
    }

    static let precedenceCases: [PrecedenceCase] = [
        PrecedenceCase(observation: F.pod("shop", "a", nodeLabels: gpu), policy: "shop-on-gpu",
                       why: "pod: namespace and selector beat namespace and selector alone"),
        PrecedenceCase(observation: F.pod("shop", "b", nodeLabels: plain), policy: "shop",
                       why: "pod: namespace beats default; the first of two namespace policies wins"),
        PrecedenceCase(observation: F.pod("web", "c", nodeLabels: gpu), policy: "shop-again",
                       why: "pod: namespace beats selector"),
        PrecedenceCase(observation: F.pod("batch", "d", nodeLabels: gpu), policy: "gpu-nodes",
                       why: "pod: selector beats default; the first of two selector policies wins"),
        PrecedenceCase(observation: F.pod("batch", "e", nodeLabels: plain), policy: nil, why: "pod: nothing matches, default"),
        PrecedenceCase(observation: F.node("g1", labels: gpu), policy: "gpu-nodes",
                       why: "node: first selector policy; namespace policies never govern nodes"),
        PrecedenceCase(observation: F.node("c1", labels: plain), policy: nil, why: "node: no selector matches, default"),
    ]

    @Test(arguments: precedenceCases)
    func mostSpecificPolicyWins(_ example: PrecedenceCase) throws {
        let evaluator = PolicyEvaluator(cluster: F.cluster, rules: try Self.precedenceRules())
        let governance = try evaluator.governance(of: example.observation).get()
        #expect(governance.policy == example.policy)
    }

    @Test func theWinningPolicysThresholdDecidesTheBreach() throws {
        let evaluator = PolicyEvaluator(cluster: F.cluster, rules: try Self.precedenceRules())
        // 15% is over shop-on-gpu's 10% but under every other policy's threshold.
        let observations = [
            F.pod("shop", "a", cpuRequests: 150, nodeLabels: Self.gpu),
            F.pod("batch", "d", cpuRequests: 150, nodeLabels: Self.gpu),
            F.node("g1", cpuRequests: 310, labels: Self.gpu),
            F.node("c1", cpuRequests: 310, labels: Self.plain),
        ]
        let breaches = evaluator.evaluate(observations).breaches
        #expect(breaches.map(\.key.object) == [.pod(namespace: "shop", name: "a"), .node("g1")])
        #expect(breaches.map(\.policy) == ["shop-on-gpu", "gpu-nodes"])
        #expect(breaches.map(\.figures.threshold) == [10, 30])
    }

    @Test func withoutTheDefaultPolicyUncoveredObjectsAreNotChecked() throws {
        let evaluator = PolicyEvaluator(cluster: F.cluster, rules: try Self.precedenceRules(defaultEnabled: false))
        let observations = [
            F.pod("batch", "e", cpuRequests: 1000, nodeLabels: Self.plain),
            F.node("c1", cpuRequests: 1000, labels: Self.plain),
            F.node("g1", cpuRequests: 1000, labels: Self.gpu),
        ]
        #expect(evaluator.evaluate(observations).breaches.map(\.key.object) == [.node("g1")])
        #expect(throws: PolicyEvaluator.NotChecked.self) { try evaluator.governance(of: observations[0]).get() }
    }

    // MARK: clearances of watched keys

    @Test func watchedKeysSayWhyTheyCleared() {
        let rules = F.rules(namespaces: ["shop"], defaultThresholds: F.thresholds(memoryRequests: nil))
        let evaluator = PolicyEvaluator(cluster: F.cluster, rules: rules)
        let under = F.key(.node("n1"))
        let off = F.key(.node("n1"), .memoryRequests)
        let gone = F.key(.node("deleted"))
        let outOfNamespace = F.key(.pod(namespace: "batch", name: "job"))
        let unobservedOutOfNamespace = F.key(.pod(namespace: "batch", name: "left-out-by-capacity"))
        let noAllocatable = F.key(.node("zero"))
        let stillHot = F.key(.node("hot"))
        let evaluation = evaluator.evaluate([
            F.node("n1", cpuRequests: 500, memoryRequests: 15 * F.gi),
            F.pod("batch", "job", cpuRequests: 999),
            F.node("zero", cpuRequests: 10, cpuAllocatable: 0),
            F.node("hot", cpuRequests: 900),
        ], watching: [under, off, gone, outOfNamespace, unobservedOutOfNamespace, noAllocatable, stillHot])

        #expect(evaluation.clearance(for: under) == .withinThreshold(AlertFigures(
            value: 500, allocatable: 1000, percent: 50, threshold: 80, resource: .cpu)))
        #expect(evaluation.clearance(for: off) == .notChecked("the memory_requests threshold is switched off"))
        #expect(evaluation.clearance(for: gone) == .objectGone)
        #expect(evaluation.clearance(for: outOfNamespace) == .notChecked("namespace batch is not among the watched namespaces"))
        #expect(evaluation.clearance(for: unobservedOutOfNamespace)
            == .notChecked("namespace batch is not among the watched namespaces"))
        #expect(evaluation.clearance(for: noAllocatable) == .notChecked("no allocatable cpu to compare with"))
        #expect(evaluation.clearances[stillHot] == nil)
        #expect(evaluation.breaches.map(\.key) == [stillHot])
    }

    @Test func unwatchedKeysCostNothing() {
        let evaluation = PolicyEvaluator(cluster: F.cluster, rules: F.rules())
            .evaluate((0..<1000).map { F.node("n\($0)", cpuRequests: 100) })
        #expect(evaluation.breaches.isEmpty)
        #expect(evaluation.clearances.isEmpty)
    }

    // MARK: CapacityReport adapter

    @Test func evaluatesACapacityReport() {
        func figures(_ requests: Int64, _ limits: Int64, of allocatable: Int64) -> ResourceFigures {
            ResourceFigures(capacity: allocatable, allocatable: allocatable, requests: requests, limits: limits)
        }
        let report = CapacityReport(
            cluster: "from-report", generatedAt: F.start,
            nodes: [
                NodeCapacity(name: "node-a", labels: ["pool": "gpu"], cpu: figures(3650, 3900, of: 4000),
                             memory: figures(F.gi, 2 * F.gi, of: 16 * F.gi), pods: PodCountFigures(count: 2, allocatable: 110)),
            ],
            pods: [
                PodCapacity(namespace: "shop", name: "api", node: "node-a",
                            cpu: PodFigures(requests: 3300, limits: 3300, nodeAllocatable: 4000),
                            memory: PodFigures(requests: F.gi, limits: F.gi, nodeAllocatable: 16 * F.gi)),
                PodCapacity(namespace: "shop", name: "ghost", node: "node-q",
                            cpu: PodFigures(requests: 9000, limits: 9000, nodeAllocatable: 0),
                            memory: PodFigures(requests: 0, limits: 0, nodeAllocatable: 0)),
            ],
            totals: CapacityTotals(cpu: figures(0, 0, of: 0), memory: figures(0, 0, of: 0),
                                   pods: PodCountFigures(count: 0, allocatable: 0)))
        let observations = Array(CapacityObservations(report))
        #expect(observations.map(\.object) == [.node("node-a"), .pod(namespace: "shop", name: "api"),
                                               .pod(namespace: "shop", name: "ghost")])
        #expect(observations[1].nodeLabels == ["pool": "gpu"])
        #expect(observations[1].cpu == .init(requests: 3300, limits: 3300, allocatable: 4000))
        #expect(observations[2].cpu.allocatable == nil)

        let evaluation = PolicyEvaluator(cluster: F.cluster, rules: F.rules()).evaluate(report)
        #expect(evaluation.breaches.map(\.key) == [
            F.key(.node("node-a"), .cpuRequests), F.key(.node("node-a"), .cpuLimits),
            F.key(.pod(namespace: "shop", name: "api"), .cpuRequests), F.key(.pod(namespace: "shop", name: "api"), .cpuLimits),
        ])
    }
}

extension Collection {
    /// The single element, nil when there are none or several.
    var only: Element? { count == 1 ? first : nil }
}
