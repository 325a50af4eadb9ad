import Foundation
import Testing
import TestSupport

/// `kubecapwatch scan` flags and formats, run as a user runs them on the bundled example.
@Suite(.enabled(if: BuiltBinary.exists, "build the binary first: swift build"))
struct ScanEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let example = root.appendingPathComponent("examples/demo-cluster.json").path
    static let demoConfig = root.appendingPathComponent("examples/demo.ini").path

    struct Report: Decodable {
        struct Figures: Decodable { var requests: Int64; var limits: Int64; var limitsPercent: Double? }
        struct Node: Decodable { var name: String; var cpu: Figures }
        struct Pod: Decodable { var namespace: String; var name: String; var node: String }
        var nodes: [Node]
        var pods: [Pod]?
    }

    func scan(_ arguments: [String]) throws -> BuiltBinary.Result {
        try BuiltBinary.run(["scan", "--snapshot", Self.example] + arguments)
    }

    @Test func tableMarksBreachesOfTheConfiguredThresholds() throws {
        let result = try BuiltBinary.run(["scan", "--config", Self.demoConfig, "--scope", "node"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("NODE") == true)
        #expect(lines.contains { $0.hasPrefix("*") })
        // node-a's CPU limits are 127% of allocatable, over the demo's 100% threshold; node-b's 61% are not.
        #expect(lines.contains { $0.hasPrefix("node-a") && $0.contains("5000m (127%)!") })
        #expect(lines.contains { $0.hasPrefix("node-b") && !$0.contains("!") })
        #expect(!result.standardOutput.contains("\u{1B}["), "no colour when stdout is not a terminal")
    }

    @Test func sortByAFigureOrdersLargestFirst() throws {
        let result = try scan(["--output", "json", "--scope", "node", "--sort", "cpu-limits-percent"])
        #expect(result.exitCode == 0)
        let report = try JSONDecoder().decode(Report.self, from: Data(result.standardOutput.utf8))
        let percents = report.nodes.compactMap(\.cpu.limitsPercent)
        #expect(percents.count == 4)
        #expect(percents == percents.sorted(by: >))
        #expect(report.nodes.first?.name == "node-c")
        #expect(report.pods == nil)
    }

    @Test func namespaceFilterNarrowsPodRowsOnly() throws {
        let result = try scan(["--output", "json", "--namespace", "payments,monitoring"])
        let report = try JSONDecoder().decode(Report.self, from: Data(result.standardOutput.utf8))
        #expect(Set(report.pods?.map(\.namespace) ?? []) == ["payments", "monitoring"])
        // Node sums stay whole: node-a holds no payments or monitoring pod but its 3100m still count.
        #expect(report.nodes.count == 4)
        #expect(report.nodes.first { $0.name == "node-a" }?.cpu.requests == 3100)
    }

    @Test func csvAndPyklesCarryTheSameFigures() throws {
        let csv = try scan(["--output", "csv", "--scope", "node"])
        let header = csv.standardOutput.split(separator: "\n").first.map(String.init) ?? ""
        #expect(header.hasPrefix("kind,node,namespace,pod,cpu_capacity,cpu_allocatable,cpu_requests"))
        #expect(csv.standardOutput.contains("node,node-a,"))
        let pykles = try scan(["--output", "pykles"])
        let object = try JSONSerialization.jsonObject(with: Data(pykles.standardOutput.utf8)) as? [String: Any]
        let nodes = object?["Nodes"] as? [[String: Any]] ?? []
        let nodeA = nodes.first { $0["NodeName"] as? String == "node-a" }
        let cpu = nodeA?["CPU"] as? [String: Any]
        let requests = cpu?["Requests"] as? [String: Any]
        #expect((requests?["InstrumentedValue"] as? NSNumber)?.int64Value == 3100)
        #expect((cpu?["Allocatable"] as? NSNumber)?.int64Value == 3920)
    }

    @Test func usageErrorsExitSixtyFour() throws {
        #expect(try scan(["--sort", "bogus"]).exitCode == 64)
        #expect(try scan(["--node-selector", "role in ("]).exitCode == 64)
        #expect(try scan(["--output", "yaml"]).exitCode == 64)
    }

    @Test func unreadableSnapshotIsOneLineAndExitOne() throws {
        let result = try BuiltBinary.run(["scan", "--snapshot", "/nonexistent/dump.json"])
        #expect(result.exitCode == 1)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("error: ") == true)
        #expect(result.standardError.contains("/nonexistent/dump.json"))
    }
}
