import Foundation
import Testing
import TestSupport

/// How `scan` presents what it read from the HTTPS test API server: kubectl's percentages in the table, node rows
/// only without a config file, the progress line on a terminal (and nowhere else), negative quantities reported.
@Suite(.enabled(if: BuiltBinary.exists, "build the binary first: swift build"), .timeLimit(.minutes(3)))
struct ScanPresentationEndToEndTests {
    /// Runs `scan` against `server` with an explicit configuration (`[general]` plus `extra`), so a config.ini
    /// installed on the machine cannot change the result.
    func scan(_ server: TestAPIServer, _ arguments: [String], config extra: String = "") async throws
        -> (BuiltBinary.Result, RunningBinary) {
        let fixture = try WatcherFixture()
        let config = try fixture.writeFile("scan.ini", "[general]\n" + extra)
        let running = try BuiltBinary.start(["scan", "--config", config, "--kubeconfig", server.kubeconfigPath] + arguments,
                                            environment: WatcherFixture.environment())
        return (await running.exit(timeout: 60), running)
    }

    /// 290m of a one-core node: kubectl's `int64(float64(290) / float64(1000) * 100)` is 28, the exact share 29 %.
    @Test func tableSaysWhatKubectlSaysAndJSONKeepsTheExactShare() async throws {
        let cluster = E2ECluster(nodes: [.init(name: "one-core", cpu: "1", memory: "1000Mi")],
                                 pods: [.init(namespace: "shop", name: "api", node: "one-core", cpu: "290m", memory: "290Mi")])
        let server = try await TestAPIServer.start(snapshot: cluster.json)
        defer { server.stop() }
        let (table, tableRun) = try await scan(server, ["--scope", "all"])
        try #require(table.exitCode == 0, tableRun.transcript)
        let rows = table.standardOutput.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(rows.contains("one-core * * 290m (28%) 290m (28%) 290Mi (28%) 290Mi (28%)"), tableRun.transcript)
        #expect(rows.contains("one-core shop api 290m (28%) 290m (28%) 290Mi (28%) 290Mi (28%)"), tableRun.transcript)

        let (json, jsonRun) = try await scan(server, ["--scope", "all", "--output", "json"])
        try #require(json.exitCode == 0, jsonRun.transcript)
        struct Report: Decodable {
            struct Figures: Decodable { var requestsPercent: Double; var limitsPercent: Double }
            struct Row: Decodable { var cpu: Figures; var memory: Figures }
            var nodes: [Row]
            var pods: [Row]
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(json.standardOutput.utf8))
        for row in report.nodes + report.pods {
            #expect([row.cpu.requestsPercent, row.cpu.limitsPercent, row.memory.requestsPercent, row.memory.limitsPercent]
                    == [29.0, 29.0, 29.0, 29.0])
        }
    }

    /// Without a config file `scan` lists nodes only, as kube-capacity does; `--scope all` brings the pod rows, and
    /// so does `--namespace` (it narrows nothing else).
    @Test(.enabled(if: !FileManager.default.fileExists(atPath: "/etc/kubecapwatch/config.ini"),
                   "a config file is installed at the default path"))
    func withoutAConfigTheTableShowsNodeRowsOnly() async throws {
        let cluster = E2ECluster.breach
        let server = try await TestAPIServer.start(snapshot: cluster.json)
        defer { server.stop() }
        func lines(_ arguments: [String]) async throws -> [String] {
            let running = try BuiltBinary.start(["scan", "--kubeconfig", server.kubeconfigPath] + arguments,
                                                environment: WatcherFixture.environment())
            let result = await running.exit(timeout: 60)
            try #require(result.exitCode == 0, running.transcript)
            return result.standardOutput.split(separator: "\n").map(String.init)
        }
        let plain = try await lines([])
        #expect(plain.first?.hasPrefix("NODE ") == true && plain.first?.contains("NAMESPACE") == false, "\(plain)")
        #expect(plain.map { String($0.prefix(while: { $0 != " " })) } == ["NODE", "*", "node-a", "node-b", "node-c"])

        let all = try await lines(["--scope", "all"])
        #expect(all.first?.contains("NAMESPACE") == true, "\(all)")
        #expect(all.filter { $0.contains(" shop ") || $0.contains(" ops ") }.count == cluster.pods.count, "\(all)")

        let ops = try await lines(["--namespace", "ops"])
        #expect(ops.filter { !$0.isEmpty && !$0.contains("*") && !$0.hasPrefix("NODE") }.map {
            $0.split(separator: " ").prefix(3).joined(separator: " ")
        } == ["node-c ops monitor"], "\(ops)")
    }

    /// On a terminal (a pty from `script`), stderr carries a progress line rewritten in place with `\r` and erased
    /// before the report; on a file it never appears.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "util-linux script is missing"))
    func progressLineOnlyOnATerminal() async throws {
        let cluster = E2ECluster.breach
        let server = try await TestAPIServer.start(snapshot: cluster.json)
        defer { server.stop() }
        let fixture = try WatcherFixture()
        // One object a page: 3 node pages and 4 pod pages, each redrawing the line.
        let config = try fixture.writeFile("scan.ini", "[general]\n[kubernetes]\npage_size = 1\n")
        let arguments = ["scan", "--config", config, "--kubeconfig", server.kubeconfigPath, "--output", "json"]

        let command = ([BuiltBinary.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let onTerminal = try BuiltBinary.startProgram("/usr/bin/script", ["-qec", command, "/dev/null"],
                                                      environment: WatcherFixture.environment())
        let terminal = await onTerminal.exit(timeout: 60)
        try #require(terminal.exitCode == 0, onTerminal.transcript)
        let text = terminal.standardOutput
        let redraw = "\r\u{1B}[Kreading the cluster: "
        let redraws = text.components(separatedBy: redraw).dropFirst()
        #expect(redraws.count >= 7, "\(text.debugDescription)")
        #expect(redraws.first == "1 pages, 1 nodes, 0 pods", "\(text.debugDescription)")
        // The last redraw has everything read, then the line is erased and the report follows.
        #expect(redraws.last?.hasPrefix("\(redraws.count) pages, 3 nodes, 4 pods\r\u{1B}[K{") == true, "\(text.debugDescription)")

        let onFile = try BuiltBinary.start(arguments, environment: WatcherFixture.environment())
        let file = await onFile.exit(timeout: 60)
        try #require(file.exitCode == 0, onFile.transcript)
        #expect(file.standardError.isEmpty, "no progress on a file: \(file.standardError.debugDescription)")
        #expect(!file.standardOutput.contains("\r"))
    }

    /// A negative request is counted as given (kubectl sums it too) and named with its pod and field.
    @Test func negativeQuantityIsReportedWithTheObjectsName() async throws {
        var cluster = E2ECluster.calm
        cluster.pods.append(.init(namespace: "shop", name: "odd", node: "node-a", cpu: "-100m"))
        let server = try await TestAPIServer.start(snapshot: cluster.json)
        defer { server.stop() }
        let (result, running) = try await scan(server, ["--output", "json", "--scope", "node"])
        try #require(result.exitCode == 0, running.transcript)
        let warnings = result.standardError.split(separator: "\n").map(String.init)
        #expect(warnings == ["requests", "limits"].map {
            "warning: Pod shop/odd: spec.containers[main].resources.\($0).cpu: negative quantity \"-100m\"; "
                + "counted as given, it lowers the sums it is part of"
        }, running.transcript)
        struct Report: Decodable {
            struct Figures: Decodable { var requests: Int64 }
            struct Node: Decodable { var name: String; var cpu: Figures }
            struct Issue: Decodable { var name: String; var field: String? }
            var nodes: [Node]
            var issues: [Issue]
        }
        let report = try JSONDecoder().decode(Report.self, from: Data(result.standardOutput.utf8))
        #expect(report.nodes.first { $0.name == "node-a" }?.cpu.requests == 400)
        #expect(report.issues.map(\.name) == ["odd", "odd"])
    }
}
