import Foundation
import Testing
import KubeModel
@testable import Capacity

@Suite struct PodResourcesTests {
    typealias F = Fixture

    /// (case, pod, expected cpu requests m, cpu limits m (nil = absent), memory requests bytes, memory limits bytes (nil = absent))
    struct Case: CustomTestStringConvertible, Sendable {
        var label: String
        var pod: CapacityPod
        var cpuRequests: Int64
        var cpuLimits: Int64?
        var memoryRequests: Int64
        var memoryLimits: Int64?
        var testDescription: String { label }
    }

    static let mi: Int64 = 1_048_576

    static let cases: [Case] = [
        Case(label: "app containers summed; one without limits adds nothing",
             pod: F.pod(containers: [
                F.container("a", requests: ["cpu": "100m", "memory": "128Mi"], limits: ["cpu": "200m"]),
                F.container("b", requests: ["cpu": "250m"]),
             ]),
             cpuRequests: 350, cpuLimits: 200, memoryRequests: 128 * mi, memoryLimits: nil),
        Case(label: "init container larger than the app sum",
             pod: F.pod(containers: [F.container(requests: ["cpu": "500m", "memory": "256Mi"], limits: ["memory": "256Mi"])],
                        initContainers: [F.container("migrate", requests: ["cpu": "2", "memory": "64Mi"], limits: ["memory": "1Gi"])]),
             cpuRequests: 2_000, cpuLimits: nil, memoryRequests: 256 * mi, memoryLimits: 1_024 * mi),
        Case(label: "sidecar before a regular init container: the init runs beside it",
             pod: F.pod(containers: [F.container(requests: ["cpu": "500m"])],
                        initContainers: [F.sidecar("proxy", requests: ["cpu": "100m"]),
                                         F.container("setup", requests: ["cpu": "1"])]),
             cpuRequests: 1_100, cpuLimits: nil, memoryRequests: 0, memoryLimits: nil),
        Case(label: "sidecar after a regular init container: the init ran alone",
             pod: F.pod(containers: [F.container(requests: ["cpu": "500m"])],
                        initContainers: [F.container("setup", requests: ["cpu": "1"]),
                                         F.sidecar("proxy", requests: ["cpu": "100m"])]),
             cpuRequests: 1_000, cpuLimits: nil, memoryRequests: 0, memoryLimits: nil),
        Case(label: "sidecar adds to the app sum when that is larger",
             pod: F.pod(containers: [F.container(requests: ["cpu": "900m"], limits: ["cpu": "500m"])],
                        initContainers: [F.sidecar("proxy", requests: ["cpu": "200m"], limits: ["cpu": "1"]),
                                         F.container("setup", requests: ["cpu": "300m"])]),
             cpuRequests: 1_100, cpuLimits: 1_500, memoryRequests: 0, memoryLimits: nil),
        Case(label: "overhead added to requests and only to limits that are set",
             pod: F.pod(containers: [F.container(requests: ["cpu": "100m", "memory": "64Mi"], limits: ["cpu": "200m"])],
                        overhead: ["cpu": "250m", "memory": "120Mi"]),
             cpuRequests: 350, cpuLimits: 450, memoryRequests: 184 * mi, memoryLimits: nil),
        Case(label: "overhead not added to a zero limit",
             pod: F.pod(containers: [F.container(requests: ["cpu": "100m"], limits: ["cpu": "0", "memory": "1Gi"])],
                        overhead: ["cpu": "10m", "memory": "1Mi"]),
             cpuRequests: 110, cpuLimits: 0, memoryRequests: mi, memoryLimits: 1_025 * mi),
        Case(label: "pod-level resources replace the container aggregate, overhead still added",
             pod: F.pod(containers: [F.container("a", requests: ["cpu": "100m", "memory": "64Mi"]),
                                     F.container("b", requests: ["cpu": "100m"], limits: ["cpu": "300m"])],
                        overhead: ["cpu": "50m"],
                        podLevel: ResourceRequirements(requests: ["cpu": "1", "ephemeral-storage": "1Gi"],
                                                       limits: ["memory": "1Gi"])),
             cpuRequests: 1_050, cpuLimits: 350, memoryRequests: 64 * mi, memoryLimits: 1_024 * mi),
        Case(label: "0.1 equals 100m; exponents and fractions",
             pod: F.pod(containers: [F.container("a", requests: ["cpu": "0.1", "memory": "1e3"]),
                                     F.container("b", requests: ["cpu": "100m", "memory": ".5k"])]),
             cpuRequests: 200, cpuLimits: nil, memoryRequests: 1_500, memoryLimits: nil),
        Case(label: "1G plus 1Gi are different sizes",
             pod: F.pod(containers: [F.container("a", requests: ["memory": "1G"]), F.container("b", requests: ["memory": "1Gi"])]),
             cpuRequests: 0, cpuLimits: nil, memoryRequests: 2_073_741_824, memoryLimits: nil),
        Case(label: "sub-millicore requests are summed exactly before rounding up",
             pod: F.pod(containers: [F.container("a", requests: ["cpu": "500u"]), F.container("b", requests: ["cpu": "500u"]),
                                     F.container("c", requests: ["cpu": "1n"])]),
             cpuRequests: 2, cpuLimits: nil, memoryRequests: 0, memoryLimits: nil),

        // In-place resize (KEP-1287): kubectl's podRequests, app containers' requests only.
        Case(label: "resize: status larger than spec wins per resource, limits stay the spec's",
             pod: F.pod(containers: [F.container(requests: ["cpu": "100m", "memory": "100Mi"], limits: ["cpu": "1", "memory": "1Gi"])],
                        statuses: [F.status(requests: ["cpu": "500m", "memory": "200Mi"])]),
             cpuRequests: 500, cpuLimits: 1_000, memoryRequests: 200 * mi, memoryLimits: 1_024 * mi),
        Case(label: "resize: per resource, a smaller status keeps the spec (pending shrink), a larger one wins",
             pod: F.pod(containers: [F.container(requests: ["cpu": "800m", "memory": "64Mi"])],
                        resize: "InProgress", statuses: [F.status(requests: ["cpu": "300m", "memory": "128Mi"])]),
             cpuRequests: 800, cpuLimits: nil, memoryRequests: 128 * mi, memoryLimits: nil),
        Case(label: "resize: Infeasible takes the status alone, even where it is smaller or lacks a resource",
             pod: F.pod(containers: [F.container(requests: ["cpu": "300m", "memory": "100Mi"], limits: ["cpu": "400m"])],
                        resize: "Infeasible", statuses: [F.status(requests: ["cpu": "50m"])]),
             cpuRequests: 50, cpuLimits: 400, memoryRequests: 0, memoryLimits: nil),
        Case(label: "resize: a resource only in the status is added, one only in the spec kept",
             pod: F.pod(containers: [F.container(requests: ["cpu": "100m"])],
                        statuses: [F.status(requests: ["memory": "32Mi"])]),
             cpuRequests: 100, cpuLimits: nil, memoryRequests: 32 * mi, memoryLimits: nil),
        Case(label: "resize: status without resources, or of another name, changes nothing",
             pod: F.pod(containers: [F.container("a", requests: ["cpu": "100m"]), F.container("b", requests: ["cpu": "200m"])],
                        resize: "Infeasible",
                        statuses: [CapacityPod.ContainerStatus(name: "a"), F.status("c", requests: ["cpu": "9"])]),
             cpuRequests: 300, cpuLimits: nil, memoryRequests: 0, memoryLimits: nil),
        Case(label: "resize: Infeasible with empty status resources counts nothing for that container",
             pod: F.pod(containers: [F.container("a", requests: ["cpu": "100m"]), F.container("b", requests: ["cpu": "200m"])],
                        resize: "Infeasible", statuses: [F.status("a")]),
             cpuRequests: 200, cpuLimits: nil, memoryRequests: 0, memoryLimits: nil),
        Case(label: "resize: the last status of a name is the one used",
             pod: F.pod(containers: [F.container(requests: ["cpu": "100m"])],
                        statuses: [F.status(requests: ["cpu": "900m"]), F.status(requests: ["cpu": "200m"])]),
             cpuRequests: 200, cpuLimits: nil, memoryRequests: 0, memoryLimits: nil),
        Case(label: "resize: init containers and sidecars ignore statuses of their names",
             pod: F.pod(containers: [F.container(requests: ["cpu": "100m"])],
                        initContainers: [F.sidecar("proxy", requests: ["cpu": "100m"]), F.container("setup", requests: ["cpu": "150m"])],
                        resize: "Infeasible",
                        statuses: [F.status("proxy", requests: ["cpu": "1"]), F.status("setup", requests: ["cpu": "2"])]),
             cpuRequests: 250, cpuLimits: nil, memoryRequests: 0, memoryLimits: nil),
        Case(label: "resize: the resized app sum still competes with init containers",
             pod: F.pod(containers: [F.container(requests: ["cpu": "100m"])],
                        initContainers: [F.container("setup", requests: ["cpu": "400m"])],
                        statuses: [F.status(requests: ["cpu": "600m"])]),
             cpuRequests: 600, cpuLimits: nil, memoryRequests: 0, memoryLimits: nil),
        Case(label: "resize: overhead is still added to the resized requests",
             pod: F.pod(containers: [F.container(requests: ["cpu": "100m", "memory": "64Mi"], limits: ["cpu": "1"])],
                        overhead: ["cpu": "250m", "memory": "120Mi"],
                        statuses: [F.status(requests: ["cpu": "500m"])]),
             cpuRequests: 750, cpuLimits: 1_250, memoryRequests: 184 * mi, memoryLimits: nil),
        Case(label: "resize: exact sub-millicore comparison, no floats",
             pod: F.pod(containers: [F.container(requests: ["cpu": "0.1000001"])],
                        statuses: [F.status(requests: ["cpu": "100m"])]),
             cpuRequests: 101, cpuLimits: nil, memoryRequests: 0, memoryLimits: nil),
    ]

    @Test(arguments: cases)
    func effectiveFiguresMatchHandComputation(_ c: Case) throws {
        let resources = try PodResources(pod: c.pod)
        #expect(resources.requests["cpu"].milliValue == c.cpuRequests)
        #expect(resources.requests["memory"].value == c.memoryRequests)
        #expect(resources.limits.contains("cpu") == (c.cpuLimits != nil))
        #expect(resources.limits["cpu"].milliValue == (c.cpuLimits ?? 0))
        #expect(resources.limits.contains("memory") == (c.memoryLimits != nil))
        #expect(resources.limits["memory"].value == (c.memoryLimits ?? 0))
    }

    @Test func extendedResourcesFollowTheSameRules() throws {
        let pod = F.pod(containers: [F.container(requests: ["nvidia.com/gpu": "1", "hugepages-2Mi": "4Mi"],
                                                 limits: ["nvidia.com/gpu": "1", "hugepages-2Mi": "4Mi"])],
                        initContainers: [F.container("warmup", requests: ["nvidia.com/gpu": "2"], limits: ["nvidia.com/gpu": "2"])])
        let resources = try PodResources(pod: pod)
        #expect(resources.requests["nvidia.com/gpu"].value == 2)
        #expect(resources.limits["nvidia.com/gpu"].value == 2)
        #expect(resources.requests["hugepages-2Mi"].value == 4 * 1_048_576)
        #expect(resources.requests.names.sorted() == ["hugepages-2Mi", "nvidia.com/gpu"])
    }

    @Test func malformedQuantityNamesPodFieldAndValue() {
        let pod = F.pod("api-7d9", namespace: "shop", containers: [
            F.container("ok", requests: ["cpu": "100m"]),
            F.container("app", requests: ["cpu": "100m", "memory": "12O"]),
        ])
        #expect(throws: CapacityIssue(kind: "Pod", namespace: "shop", name: "api-7d9",
                                      field: "spec.containers[app].resources.requests.memory", value: "12O",
                                      message: "quantities must match <sign><digits>[.<digits>]<suffix>; pod skipped")) {
            try PodResources(pod: pod)
        }
    }

    @Test func malformedOverheadAndPodLevelAreReportedToo() {
        let overhead = F.pod(containers: [F.container()], overhead: ["cpu": "1 "])
        #expect(throws: CapacityIssue.self) { try PodResources(pod: overhead) }
        let podLevel = F.pod(containers: [F.container()], podLevel: ResourceRequirements(limits: ["memory": "KB"]))
        do {
            _ = try PodResources(pod: podLevel)
            Issue.record("expected an issue")
        } catch {
            #expect(error.field == "spec.resources.limits.memory")
            #expect(error.description == "Pod default/p: spec.resources.limits.memory: invalid quantity \"KB\": quantities must match <sign><digits>[.<digits>]<suffix>; pod skipped")
        }
    }

    @Test func resizeIsAppliedBeforePodLevelResources() throws {
        // Scheduler order (component-helpers PodRequests): status-aware aggregate, then pod-level replaces cpu.
        let pod = F.pod(containers: [F.container(requests: ["cpu": "100m", "memory": "64Mi"])],
                        podLevel: ResourceRequirements(requests: ["cpu": "1"]),
                        statuses: [F.status(requests: ["cpu": "3", "memory": "128Mi"])])
        let resources = try PodResources(pod: pod)
        #expect(resources.requests["cpu"].milliValue == 1_000)
        #expect(resources.requests["memory"].value == 128 * Self.mi)
    }

    @Test func malformedStatusQuantityNamesTheStatusField() {
        let pod = F.pod("api-7d9", namespace: "shop", containers: [F.container(requests: ["cpu": "100m"])],
                        statuses: [F.status(requests: ["cpu": "1.5.3"])])
        do {
            _ = try PodResources(pod: pod)
            Issue.record("expected an issue")
        } catch {
            #expect(error.field == "status.containerStatuses[app].resources.requests.cpu")
            #expect(error.value == "1.5.3")
        }
    }

    @Test func statusLimitsAreNotEvenDecoded() throws {
        // kubectl ignores the limits applied, so the narrow model has no place for them: a bad one is no issue.
        let json = #"{"spec":{"nodeName":"n","containers":[{"name":"app","resources":{"requests":{"cpu":"100m"}}}]},"status":{"containerStatuses":[{"name":"app","resources":{"requests":{"cpu":"200m"},"limits":{"cpu":"1.5.3"}}}]}}"#
        let pod = try JSONDecoder().decode(CapacityPod.self, from: Data(json.utf8))
        #expect(try PodResources(pod: pod).requests["cpu"].milliValue == 200)
    }

    static let counted: [(String?, String?, Bool)] = [
        ("node-a", "Running", true), ("node-a", "Pending", true), ("node-a", nil, true), ("node-a", "Unknown", true),
        ("node-a", "Succeeded", false), ("node-a", "Failed", false), (nil, "Pending", false),
    ]

    @Test(arguments: counted)
    func onlyBoundNonTerminalPodsAreCounted(node: String?, phase: String?, expected: Bool) {
        #expect(PodResources.isCounted(F.pod(node: node, phase: phase)) == expected)
    }
}
