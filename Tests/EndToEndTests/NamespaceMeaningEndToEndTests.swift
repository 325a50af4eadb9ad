import Foundation
import Testing
import TestSupport

/// `namespace` means one thing in `scan --config` and `run` on the same config: node figures count every pod on
/// the node (whole-node in both), the namespace list narrows the pod rows (`scan`) and the pod alerts (`run`),
/// and a listed namespace without pods draws a warning — on stderr in `scan`, once in `run`'s log.
@Suite(.enabled(if: BuiltBinary.exists, "build the binary first: swift build"), .serialized, .timeLimit(.minutes(3)))
struct NamespaceMeaningEndToEndTests {
    struct Report: Decodable {
        /// `allocatable` is the node's; pod rows leave it out (it is their node's).
        struct Figures: Decodable { var requests: Int64; var allocatable: Int64?; var requestsPercent: Double? }
        struct Node: Decodable { var name: String; var cpu: Figures }
        struct Pod: Decodable { var namespace: String; var name: String; var node: String; var cpu: Figures }
        var nodes: [Node]
        var pods: [Pod]?
    }

    /// ``E2ECluster/breach`` (node-a 3600m: shop/api 500m + shop/batch 3100m; node-b shop/db 1; node-c ops/monitor
    /// 250m; 4000m each) watched with `namespace = ops, ghost` and CPU requests alerting above 5 %.
    @Test func scanPreviewsExactlyWhatRunAlertsOn() async throws {
        let cluster = E2ECluster.breach
        let (server, fixture) = try await WatcherFixture.watching(cluster, changes: [
            "scope": "all", "cpu_request_threshold": "5", "namespace": "ops, ghost",
        ])
        defer { server.stop() }

        let scan = try BuiltBinary.start(["scan", "--config", fixture.configPath, "--output", "json"],
                                         environment: WatcherFixture.environment())
        let scanned = await scan.exit(timeout: 60)
        try #require(scanned.exitCode == 0, scan.transcript)
        let report = try JSONDecoder().decode(Report.self, from: Data(scanned.standardOutput.utf8))
        // Whole-node figures: node-a holds the shop pods' 3600m though only ops is listed.
        #expect(report.nodes.map(\.name) == ["node-a", "node-b", "node-c"])
        #expect(report.nodes.map(\.cpu.requests) == [3600, 1000, 250])
        #expect(report.pods?.map { "\($0.namespace)/\($0.name)" } == ["ops/monitor"])
        #expect(scanned.standardError == "warning: no pods in namespace \"ghost\" (none bound to a node and unfinished): "
            + "no pod rows or pod alerts come from it; check the namespace list\n", scan.transcript)

        // The service on the same config: node alerts with the scan's very figures, pod alerts for ops only.
        let run = try fixture.start()
        defer { _ = run.wait(timeout: 0) }
        try #require(await run.waitForScans(3, matching: cluster.summaryCounts), run.transcript)
        #expect(await run.terminate().exitCode == 0, run.transcript)
        let allocatable = Dictionary(uniqueKeysWithValues: report.nodes.map { ($0.name, $0.cpu.allocatable ?? -1) })
        func firing(_ object: String, _ figures: Report.Figures, on node: String) -> String {
            let percent = String(format: "%.2f", figures.requestsPercent ?? -1)
            return "FIRING \(object) cpu_requests \(percent)% > 5% (\(figures.requests)m of \(allocatable[node] ?? -1)m "
                + "allocatable) cluster=e2e for _"
        }
        let expected = report.nodes.map { firing("node/\($0.name)", $0.cpu, on: $0.name) }
            + (report.pods ?? []).map { firing("pod/\($0.namespace)/\($0.name)", $0.cpu, on: $0.node) }
        #expect(run.consoleLines.filter { $0.hasPrefix("FIRING") }.sorted() == expected.sorted(), run.transcript)
        #expect(expected.contains("FIRING node/node-a cpu_requests 90.00% > 5% (3600m of 4000m allocatable) cluster=e2e for _"))
        // Three scans, one unchanged set of empty namespaces: one warning, not one per scan.
        let warnings = run.standardError.split(separator: "\n").filter { $0.contains("no pods in namespace \"ghost\"") }
        #expect(warnings.count == 1, run.transcript)
        #expect(warnings.first?.contains("warning") == true, run.transcript)
    }

    /// The same rule from the command line: `--namespace` narrows the rows, never the node sums.
    @Test func namespaceFlagNarrowsPodRowsNotNodeFigures() async throws {
        let server = try await TestAPIServer.start(snapshot: E2ECluster.breach.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        let config = try fixture.writeFile("empty.ini", "[general]\n")
        let scan = try BuiltBinary.start(["scan", "--config", config, "--kubeconfig", server.kubeconfigPath,
                                          "--output", "json", "--scope", "all", "--namespace", "shop"],
                                         environment: WatcherFixture.environment())
        let scanned = await scan.exit(timeout: 60)
        try #require(scanned.exitCode == 0, scan.transcript)
        #expect(scanned.standardError.isEmpty, scan.transcript)
        let report = try JSONDecoder().decode(Report.self, from: Data(scanned.standardOutput.utf8))
        #expect(report.nodes.map(\.cpu.requests) == [3600, 1000, 250])
        #expect(Set(report.pods?.map(\.namespace) ?? []) == ["shop"])
        #expect(report.pods?.count == 3)
    }
}
