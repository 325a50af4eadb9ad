import Foundation
import Testing
import TestSupport

/// `kubecapwatch scan --output json` checked against the reference, `kubectl describe nodes`, on clusters built
/// from the cases where capacity figures go wrong (Tests/Servers/testapi/trickycluster.py): both read the same
/// test API server, and for every node the CPU and memory requests and limits must be exactly equal, the
/// percentages equal up to kubectl's integer truncation, and every pod row equal too. The table
/// (`--output table`) must print exactly kubectl's whole percentages, node rows and pod rows alike.
///
/// kubectl is an independent oracle here: its sums are apimachinery's exact `Quantity` arithmetic, and its
/// printed quantities are read back by the test's own exact parser (``KubectlQuantity``), not the product's.
@Suite("scan agrees with kubectl describe nodes",
       .enabled(if: Kubectl.isAvailable, "kubectl is not installed"),
       .enabled(if: BuiltBinary.exists, "build the binary first: swift build"),
       .timeLimit(.minutes(3)))
struct KubectlAgreementTests {
    static let generator = ServerProcess.serversDirectory.appendingPathComponent("testapi/trickycluster.py")

    // MARK: - Tests

    @Test("fixed tricky cases: sidecars, init, overhead, notations, phases, over-commit, missing allocatable")
    func fixedCluster() async throws {
        let folder = try KubectlScratchFolder()
        let cluster = try Self.generate(["fixed"], in: folder, name: "fixed.json")
        let server = try await TestAPIServer.start(snapshot: cluster)
        defer { server.stop() }
        let (kubectl, report, scan, table) = try await Self.describeAndScan(server, folder: folder)
        #expect(scan.exitCode == 0, "scan failed: \(scan.standardError)")
        // The one thing to report: life/ghost is bound to a node that does not exist (kubectl shows it nowhere).
        let warnings = scan.standardError.split(separator: "\n")
        #expect(warnings.count == 1 && warnings.allSatisfy { $0.contains("no-such-node") },
                "scan complained: \(scan.standardError)")
        #expect(report.issues.map(\.name) == ["no-such-node"])
        Self.expectAgreement(kubectl: kubectl, report: report)
        Self.expectTableAgreement(kubectl: kubectl, table: table)

        // Hand-computed figures, so a rule both sides could get wrong the same way still fails here.
        // (millicores requests, limits; bytes requests, limits; pods counted)
        let expected: [String: (Int64, Int64, Int64, Int64, Int)] = [
            // app 300m + sidecar 200m = 500m < init 1 + sidecar 200m (sidecar declared before it) = 1200m.
            "sidecar-before": (1200, 2500, 1152 << 20, 2304 << 20, 1),
            // The same containers, the sidecar declared after the init container: max(500m, 1) = 1.
            "sidecar-after": (1000, 2000, 1 << 30, 2 << 30, 1),
            // The init container (2 cores, 3Gi, no limits) outweighs the app (500m, 1Gi); limits come from the app.
            "init-dominates": (2000, 1000, 3 << 30, 0, 1),
            // Overhead on requests always; on the cpu limit (200m) yes, on an unset memory limit and a `0` cpu limit no.
            "overhead": (500, 450, 244 << 20, 110 << 20, 2),
            // 0.1+100m, 1G+1Gi, 1e3 bytes, 1e-1 cores, 1.5 cores, 500Mi + .5Gi, and 1.5 bytes / 500u twice summed exactly.
            "notations": (1951, 3601, 2_598_030_827, 3_134_900_739, 3),
            "no-limits": (1300, 0, 1_407_959_552, 0, 3),
            // Running, bound Pending and status-less pods count; Succeeded, Failed and unscheduled ones do not.
            "phases": (300, 600, 300 << 20, 600 << 20, 3),
            "overcommit": (2250, 6000, 4500 << 20, 12 << 30, 3),
            "zero-alloc": (100, 1000, 64 << 20, 128 << 20, 1),
            "no-alloc": (3000, 6000, 6 << 30, 12 << 30, 1),
            "memory-only-alloc": (500, 1000, 2 << 30, 4 << 30, 1),
            "idle": (0, 0, 0, 0, 0),
            "float-share": (290, 570, 290 << 20, 570 << 20, 1),
        ]
        #expect(Set(report.nodes.map(\.name)) == Set(expected.keys))
        for node in report.nodes {
            guard let want = expected[node.name] else { continue }
            let got = (node.cpu.requests, node.cpu.limits, node.memory.requests, node.memory.limits, node.pods.count)
            #expect(got == want, "node \(node.name)")
        }
        let byName = Dictionary(uniqueKeysWithValues: report.nodes.map { ($0.name, $0) })
        #expect(byName["overcommit"]?.cpu.limitsPercent == 300)
        #expect(byName["overcommit"]?.memory.requestsPercent == 109.86)
        #expect(byName["zero-alloc"]?.cpu.requestsPercent == nil && byName["zero-alloc"]?.memory.limitsPercent == nil)
        #expect(byName["no-alloc"]?.cpu.allocatable == 8000 && byName["no-alloc"]?.cpu.requestsPercent == 37.5)
        #expect(byName["memory-only-alloc"]?.cpu.requestsPercent == nil)
        #expect(byName["memory-only-alloc"]?.memory.requestsPercent == 25)
        // kubectl prints 28% and 56% (checked against the table above); the JSON keeps the exact share.
        #expect(byName["float-share"]?.cpu.requestsPercent == 29 && byName["float-share"]?.memory.limitsPercent == 57)
        #expect(table.rows["float-share * *"] == ["28%", "56%", "28%", "56%"])
        let podNames = Set(report.pods.map { "\($0.namespace)/\($0.name)" })
        for uncounted in ["life/succeeded", "life/failed", "life/unscheduled", "life/unscheduled-no-status",
                          "life/ghost"] {
            #expect(!podNames.contains(uncounted), "\(uncounted) must not be counted")
        }
    }

    @Test("random clusters combining the tricky cases", arguments: [11, 23, 37, 42, 1009])
    func randomCluster(seed: Int) async throws {
        let folder = try KubectlScratchFolder()
        let cluster = try Self.generate(["random", "--seed", "\(seed)", "--nodes", "6"], in: folder,
                                        name: "random-\(seed).json")
        let server = try await TestAPIServer.start(snapshot: cluster)
        defer { server.stop() }
        let (kubectl, report, scan, table) = try await Self.describeAndScan(server, folder: folder)
        #expect(scan.exitCode == 0, "scan failed: \(scan.standardError)")
        #expect(scan.standardError.isEmpty, "scan complained: \(scan.standardError)")
        #expect(kubectl.count == 6)
        #expect(report.pods.count >= 6, "seed \(seed) should place pods")
        Self.expectAgreement(kubectl: kubectl, report: report)
        Self.expectTableAgreement(kubectl: kubectl, table: table)
    }

    @Test("a malformed quantity in one pod: reported by namespace/name, skipped, everything else still agrees")
    func malformedQuantity() async throws {
        let folder = try KubectlScratchFolder()
        let bad = try Self.generate(["fixed", "--bad-pod"], in: folder, name: "bad.json")
        let good = try Self.generate(["fixed"], in: folder, name: "good.json")
        let server = try await TestAPIServer.start(snapshot: bad)
        defer { server.stop() }

        let scan = try await Self.scan(server, folder: folder)
        #expect(scan.exitCode == 0, "scan must complete: \(scan.standardError)")
        #expect(scan.standardError.contains("shop/bad-quantity"), "stderr: \(scan.standardError)")
        #expect(scan.standardError.contains("1.5.3"), "stderr: \(scan.standardError)")
        let report = try Self.decodeReport(scan)
        #expect(!report.pods.contains { $0.name == "bad-quantity" })
        let issue = report.issues.first { $0.name == "bad-quantity" }
        #expect(issue?.namespace == "shop")
        #expect(issue?.value == "1.5.3")

        // kubectl cannot decode a pod list holding `1.5.3` (apimachinery's Quantity refuses it): the node it
        // sits on fails to describe. Compare with kubectl on the same cluster without that pod instead.
        let onBad = try await server.kubectl(["describe", "nodes"])
        let described = (try? KubectlNodeDescription.parseAll(onBad.standardOutput)) ?? []
        let badNodeDescribed = described.contains { $0.name == "sidecar-before" }
        #expect(onBad.exitCode != 0 || !badNodeDescribed,
                "kubectl accepted the malformed quantity; the comparison below would then be against the wrong cluster")
        try await server.replaceSnapshot(Data(contentsOf: good))
        let reference = try await Self.describe(server)
        #expect(reference.count == report.nodes.count)
        Self.expectAgreement(kubectl: reference, report: report)
    }

    /// In-place pod resize (KEP-1287): kubectl 1.32 (k8s.io/kubectl pkg/util/resource `podRequests`) takes an app
    /// container's requests as the larger of `spec` and `status.containerStatuses[].resources.requests`, or the
    /// status alone when `status.resize` is `Infeasible`; the scheduler's component-helpers `PodRequests` does the
    /// same with InPlacePodVerticalScaling (beta, on by default from 1.33). The scan follows it (PodResources),
    /// through the fast decoder, which reads those status fields itself.
    @Test("in-place resize status: the scan counts status requests as kubectl does")
    func resizeStatus() async throws {
        let folder = try KubectlScratchFolder()
        let cluster = try Self.generate(["resize"], in: folder, name: "resize.json")
        let server = try await TestAPIServer.start(snapshot: cluster)
        defer { server.stop() }
        let (kubectl, report, scan, table) = try await Self.describeAndScan(server, folder: folder)
        #expect(scan.exitCode == 0, "scan failed: \(scan.standardError)")
        // kubectl's own figures, so the reproducer states what "agreeing" means: 500m (status) + 50m (status alone).
        let node = try #require(kubectl.first)
        #expect(node.cpuRequests.quantity.milliValue == 550)
        #expect(node.memoryRequests.quantity.value == 210 << 20)
        Self.expectAgreement(kubectl: kubectl, report: report)
        Self.expectTableAgreement(kubectl: kubectl, table: table)
    }

    /// The comparison must be able to fail: one millicore or one byte apart is a disagreement.
    @Test("the comparison notices a one-unit difference")
    func comparisonIsStrict() throws {
        let described = try KubectlNodeDescription.parseAll(Self.cannedDescribe)
        let exact = try Self.cannedReport(cpuRequests: 1951, memoryLimits: 3_134_900_739)
        Self.expectAgreement(kubectl: described, report: exact)
        let offByOneMilli = try Self.cannedReport(cpuRequests: 1952, memoryLimits: 3_134_900_739)
        withKnownIssue("1952m is not kubectl's 1951m") {
            Self.expectAgreement(kubectl: described, report: offByOneMilli)
        }
        let offByOneByte = try Self.cannedReport(cpuRequests: 1951, memoryLimits: 3_134_900_740)
        withKnownIssue("3134900740 bytes is not kubectl's 3134900739") {
            Self.expectAgreement(kubectl: described, report: offByOneByte)
        }
    }

    @Test("kubectl's printed quantities read exactly", arguments: [
        ("1250m", 1250, 2), ("2", 2000, 2), ("1600e-3", 1600, 2), ("524289e3", 524_289_000_000, 524_289_000),
        ("2Gi", 2_147_483_648_000, 2_147_483_648), ("4294967296", 4_294_967_296_000, 4_294_967_296),
        ("3", 3000, 3), ("500u", 1, 1), ("1500m", 1500, 2), ("0", 0, 0), ("1.5", 1500, 2), ("100n", 1, 1),
    ] as [(String, Int64, Int64)])
    func quantities(text: String, milli: Int64, value: Int64) throws {
        let quantity = try KubectlQuantity(text)
        #expect(quantity.milliValue == milli)
        #expect(quantity.value == value)
    }

    @Test("anything else is refused", arguments: ["", "1.5.3", "1K", "1KB", "abc", "1e", "Mi", "1n5"])
    func refusedQuantities(text: String) {
        #expect(throws: KubectlQuantity.ParseError.self) { try KubectlQuantity(text) }
    }

    /// The `notations` node of the fixed cluster as kubectl 1.32 printed it.
    static let cannedDescribe = """
        Name:               notations
        Roles:              <none>
        Capacity:
          cpu:     4
          memory:  16Gi
          pods:    110
        Allocatable:
          cpu:     4
          memory:  16Gi
          pods:    110
        System Info:
          Machine ID:                 m
        Non-terminated Pods:          (3 in total)
          Namespace                   Name                 CPU Requests  CPU Limits     Memory Requests   Memory Limits     Age
          ---------                   ----                 ------------  ----------     ---------------   -------------     ---
          fmt                         decimal-vs-binary    200m (5%)     1600e-3 (40%)  2073741824 (12%)  2073741824 (12%)  691d
          fmt                         exponents            1750m (43%)   2 (50%)        524289e3 (3%)     1012Mi (6%)       691d
          fmt                         sub-unit             1m (0%)       1m (0%)        3 (0%)            3 (0%)            691d
        Allocated resources:
          (Total limits may be over 100 percent, i.e., overcommitted.)
          Resource           Requests          Limits
          --------           --------          ------
          cpu                1951m (48%)       3601e-3 (90%)
          memory             2598030827 (15%)  3134900739 (18%)
          ephemeral-storage  0 (0%)            0 (0%)
        Events:              <none>
        """

    static func cannedReport(cpuRequests: Int64, memoryLimits: Int64) throws -> KubectlAgreementReport {
        func pod(_ name: String, _ figures: [Int64]) -> String {
            #"{"namespace":"fmt","name":"\#(name)","node":"notations","cpu":{"requests":\#(figures[0]),"limits":\#(figures[1])},"#
                + #""memory":{"requests":\#(figures[2]),"limits":\#(figures[3])}}"#
        }
        func percent(_ value: Int64, _ of: Int64) -> String { String(format: "%.2f", Double(value) * 100 / Double(of)) }
        let cpu = 4000 as Int64, memory = 17_179_869_184 as Int64
        let json = """
            {"nodes":[{"name":"notations",
              "cpu":{"capacity":4000,"allocatable":4000,"requests":\(cpuRequests),"limits":3601,
                     "requestsPercent":\(percent(cpuRequests, cpu)),"limitsPercent":\(percent(3601, cpu))},
              "memory":{"capacity":\(memory),"allocatable":\(memory),"requests":2598030827,"limits":\(memoryLimits),
                        "requestsPercent":\(percent(2_598_030_827, memory)),"limitsPercent":\(percent(memoryLimits, memory))},
              "pods":{"count":3,"allocatable":110}}],
             "pods":[\(pod("decimal-vs-binary", [200, 1600, 2_073_741_824, 2_073_741_824])),
                     \(pod("exponents", [1750, 2000, 524_289_000, 1_061_158_912])),
                     \(pod("sub-unit", [1, 1, 3, 3]))]}
            """
        return try JSONDecoder().decode(KubectlAgreementReport.self, from: Data(json.utf8))
    }

    // MARK: - Running both sides

    /// `kubectl describe nodes` and `kubecapwatch scan --output json --scope all` (and `--output table`), run
    /// side by side.
    static func describeAndScan(_ server: TestAPIServer, folder: KubectlScratchFolder) async throws
        -> ([KubectlNodeDescription], KubectlAgreementReport, BuiltBinary.Result, KubectlAgreementTable) {
        let running = try BuiltBinary.start(scanArguments(server, folder: folder))
        let tableRunning = try BuiltBinary.start(scanArguments(server, folder: folder, output: "table"))
        let kubectl = try await describe(server)
        let scan = await finish(running)
        let table = await finish(tableRunning)
        try #require(table.exitCode == 0, "table scan failed: \(table.standardError)")
        return (kubectl, try decodeReport(scan), scan, try KubectlAgreementTable(table.standardOutput))
    }

    static func describe(_ server: TestAPIServer) async throws -> [KubectlNodeDescription] {
        let result = try await server.kubectl(["describe", "nodes"], timeout: 60)
        try #require(result.exitCode == 0, "\(result.commandLine)\n\(result.standardError)\nserver log:\n\(server.log.suffix(2000))")
        return try KubectlNodeDescription.parseAll(result.standardOutput)
    }

    static func scan(_ server: TestAPIServer, folder: KubectlScratchFolder) async throws -> BuiltBinary.Result {
        await finish(try BuiltBinary.start(scanArguments(server, folder: folder)))
    }

    static func scanArguments(_ server: TestAPIServer, folder: KubectlScratchFolder, output: String = "json") throws
        -> [String] {
        // An explicit, empty configuration: a config.ini installed on the machine must not change the figures.
        let config = folder.url.appendingPathComponent("config.ini")
        try Data("[general]\n".utf8).write(to: config)
        return ["scan", "--config", config.path, "--kubeconfig", server.kubeconfigPath, "--output", output,
                "--scope", "all"]
    }

    /// Waits for the binary off the cooperative pool (its wait polls with sleeps).
    static func finish(_ running: RunningBinary) async -> BuiltBinary.Result {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: running.wait(timeout: 60)) }
        }
    }

    static func decodeReport(_ scan: BuiltBinary.Result) throws -> KubectlAgreementReport {
        do {
            return try JSONDecoder().decode(KubectlAgreementReport.self, from: Data(scan.standardOutput.utf8))
        } catch {
            Issue.record("scan printed no readable report (\(error)); stderr: \(scan.standardError)")
            throw error
        }
    }

    static func generate(_ arguments: [String], in folder: KubectlScratchFolder, name: String) throws -> URL {
        let out = folder.url.appendingPathComponent(name)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [ServerProcess.python, generator.path] + arguments + ["--out", out.path]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "trickycluster.py \(arguments) failed")
        return out
    }

    // MARK: - The comparison

    /// Every node, every figure: values exact, percentages within kubectl's truncation, pods row by row.
    static func expectAgreement(kubectl: [KubectlNodeDescription], report: KubectlAgreementReport,
                                sourceLocation: SourceLocation = #_sourceLocation) {
        let ours = Dictionary(uniqueKeysWithValues: report.nodes.map { ($0.name, $0) })
        #expect(Set(kubectl.map(\.name)) == Set(ours.keys), "node sets differ", sourceLocation: sourceLocation)
        let podsByNode = Dictionary(grouping: report.pods, by: \.node)
        for described in kubectl {
            guard let node = ours[described.name] else { continue }
            let where_ = "node \(described.name)"
            #expect(node.pods.count == described.podCount, "\(where_): pod count", sourceLocation: sourceLocation)

            // The percentages' denominator: what kubectl divides by must be what we divide by.
            let cpuAllocatable = described.denominators["cpu"]?.milliValue ?? 0
            let memoryAllocatable = described.denominators["memory"]?.value ?? 0
            #expect(node.cpu.allocatable == cpuAllocatable, "\(where_): cpu allocatable", sourceLocation: sourceLocation)
            #expect(node.memory.allocatable == memoryAllocatable, "\(where_): memory allocatable",
                    sourceLocation: sourceLocation)

            let pairs: [(String, KubectlNodeDescription.Share, Int64, Double?, Int64)] = [
                ("cpu requests", described.cpuRequests, node.cpu.requests, node.cpu.requestsPercent, cpuAllocatable),
                ("cpu limits", described.cpuLimits, node.cpu.limits, node.cpu.limitsPercent, cpuAllocatable),
                ("memory requests", described.memoryRequests, node.memory.requests, node.memory.requestsPercent,
                 memoryAllocatable),
                ("memory limits", described.memoryLimits, node.memory.limits, node.memory.limitsPercent,
                 memoryAllocatable),
            ]
            for (measure, theirs, value, percent, allocatable) in pairs {
                let isCPU = measure.hasPrefix("cpu")
                let exact = isCPU ? theirs.quantity.milliValue : theirs.quantity.value
                #expect(value == exact, "\(where_): \(measure): ours \(value), kubectl \(theirs.quantity) = \(exact)",
                        sourceLocation: sourceLocation)
                expectPercent(percent, kubectl: theirs.percent, value: value, allocatable: allocatable,
                              "\(where_): \(measure)", sourceLocation: sourceLocation)
            }

            // Pod by pod: the same pods, each with the same four figures.
            let ourPods = Dictionary(uniqueKeysWithValues: (podsByNode[described.name] ?? []).map {
                ("\($0.namespace)/\($0.name)", $0)
            })
            #expect(Set(described.pods.map { "\($0.namespace)/\($0.name)" }) == Set(ourPods.keys),
                    "\(where_): pods differ", sourceLocation: sourceLocation)
            for row in described.pods {
                guard let pod = ourPods["\(row.namespace)/\(row.name)"] else { continue }
                let got = [pod.cpu.requests, pod.cpu.limits, pod.memory.requests, pod.memory.limits]
                let want = [row.cpuRequests.quantity.milliValue, row.cpuLimits.quantity.milliValue,
                            row.memoryRequests.quantity.value, row.memoryLimits.quantity.value]
                let printed = "\(row.cpuRequests.quantity) \(row.cpuLimits.quantity) \(row.memoryRequests.quantity) "
                    + "\(row.memoryLimits.quantity)"
                #expect(got == want, "\(where_): pod \(row.namespace)/\(row.name): kubectl printed \(printed)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    /// The table's whole percentages are kubectl's, float arithmetic included: node rows against "Allocated
    /// resources", pod rows against "Non-terminated Pods". Where the allocatable is zero the table says `n/a`
    /// (kubectl prints 0% for the node and a garbage number for its pods).
    static func expectTableAgreement(kubectl: [KubectlNodeDescription], table: KubectlAgreementTable,
                                     sourceLocation: SourceLocation = #_sourceLocation) {
        for described in kubectl {
            let zero = [described.denominators["cpu"]?.milliValue ?? 0, described.denominators["memory"]?.value ?? 0]
                .map { $0 == 0 }
            func want(_ shares: [KubectlNodeDescription.Share]) -> [String] {
                zip(shares, [zero[0], zero[0], zero[1], zero[1]]).map { $1 ? "n/a" : "\($0.percent)%" }
            }
            let node = want([described.cpuRequests, described.cpuLimits, described.memoryRequests, described.memoryLimits])
            #expect(table.rows["\(described.name) * *"] == node, "node \(described.name): table vs kubectl",
                    sourceLocation: sourceLocation)
            for pod in described.pods {
                let key = "\(described.name) \(pod.namespace) \(pod.name)"
                #expect(table.rows[key] == want([pod.cpuRequests, pod.cpuLimits, pod.memoryRequests, pod.memoryLimits]),
                        "pod row \(key): table vs kubectl", sourceLocation: sourceLocation)
            }
        }
        let pods = kubectl.reduce(0) { $0 + $1.pods.count }
        #expect(table.rows.count == 1 + kubectl.count + pods, "the table has other rows: \(table.rows.keys.sorted())",
                sourceLocation: sourceLocation)
    }

    /// kubectl prints `int64(float64(value) / float64(allocatable) * 100)`, and 0 when allocatable is 0; we print
    /// `value × 100 / allocatable` rounded to two decimals, or null when allocatable is 0. Doing kubectl's float
    /// arithmetic on our integers must give kubectl's number exactly, and ours must lie in [P, P + 1].
    static func expectPercent(_ ours: Double?, kubectl: Int64, value: Int64, allocatable: Int64, _ what: String,
                              sourceLocation: SourceLocation) {
        guard allocatable != 0 else {
            #expect(ours == nil, "\(what): percentage of a zero allocatable must be null, got \(ours ?? 0)",
                    sourceLocation: sourceLocation)
            #expect(kubectl == 0, "\(what): kubectl prints 0% for a zero allocatable", sourceLocation: sourceLocation)
            return
        }
        let truncated = Int64(Double(value) / Double(allocatable) * 100)
        #expect(truncated == kubectl, "\(what): kubectl printed \(kubectl)%, its formula on our figures gives \(truncated)%",
                sourceLocation: sourceLocation)
        guard let ours else {
            Issue.record("\(what): no percentage for allocatable \(allocatable)", sourceLocation: sourceLocation)
            return
        }
        let exact = Double(value) * 100 / Double(allocatable)
        #expect(abs(ours - exact) <= 0.005 + 1e-9 * max(1, exact), "\(what): \(ours)% is not \(exact)% to two decimals",
                sourceLocation: sourceLocation)
        #expect(ours >= Double(kubectl) - 1e-9 && ours <= Double(kubectl) + 1 + 1e-9,
                "\(what): ours \(ours)% vs kubectl \(kubectl)%", sourceLocation: sourceLocation)
    }
}

/// The part of `scan --output json` (docs/capacity-report.md) compared here.
struct KubectlAgreementReport: Decodable {
    struct Figures: Decodable {
        var capacity: Int64?
        var allocatable: Int64
        var requests: Int64
        var limits: Int64
        var requestsPercent: Double?
        var limitsPercent: Double?
    }

    struct PodCount: Decodable {
        var count: Int
    }

    struct Node: Decodable {
        var name: String
        var cpu: Figures
        var memory: Figures
        var pods: PodCount
    }

    struct PodFigures: Decodable {
        var requests: Int64
        var limits: Int64
    }

    struct Pod: Decodable {
        var namespace: String
        var name: String
        var node: String
        var cpu: PodFigures
        var memory: PodFigures
    }

    struct Problem: Decodable {
        var kind: String
        var namespace: String?
        var name: String
        var value: String?
    }

    var nodes: [Node]
    var pods: [Pod]
    var issues: [Problem]

    enum CodingKeys: String, CodingKey { case nodes, pods, issues }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        nodes = try container.decode([Node].self, forKey: .nodes)
        pods = try container.decodeIfPresent([Pod].self, forKey: .pods) ?? []
        issues = try container.decodeIfPresent([Problem].self, forKey: .issues) ?? []
    }
}

/// The percentages of `scan --output table --scope all`: `NODE NAMESPACE POD` (`*` for a node's own row) to its
/// four `P%` cells (CPU requests, CPU limits, memory requests, memory limits), threshold marks dropped.
struct KubectlAgreementTable {
    var rows: [String: [String]] = [:]

    struct ParseError: Error, CustomStringConvertible { let description: String }

    init(_ text: String) throws {
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            guard fields.count == 11 else { throw ParseError(description: "unreadable table row \"\(line)\"") }
            let percents = stride(from: 4, to: 11, by: 2).map { index in
                String(fields[index].filter { $0 != "!" }.dropFirst().dropLast())
            }
            let key = fields[0..<3].joined(separator: " ")
            guard rows.updateValue(percents, forKey: key) == nil else { throw ParseError(description: "two rows \(key)") }
        }
    }
}

/// A scratch folder removed when the test ends (unless `KUBECAPWATCH_KEEP_TEST_SERVERS` is set, to look at it).
final class KubectlScratchFolder: @unchecked Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kcw-agree-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        if ProcessInfo.processInfo.environment["KUBECAPWATCH_KEEP_TEST_SERVERS"] == nil {
            try? FileManager.default.removeItem(at: url)
        }
    }
}
