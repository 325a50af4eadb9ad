import Foundation
import TestSupport

/// `/metrics` as the reference Python parser (prometheus_client, Tests/Servers/prometheus/parse.py) reads it:
/// the exposition must parse, and the tests look values up in what it found.
struct PrometheusText {
    struct Sample: Sendable {
        var name: String
        var labels: [String: String]
        var value: Double?
    }

    /// Family name (without `_total` for counters, as the parser names them) → type.
    let families: [String: String]
    let samples: [Sample]

    init(parsing text: String) async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("kcw-metrics-\(UUID().uuidString).txt")
        try Data(text.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let script = ServerProcess.serversDirectory.appendingPathComponent("prometheus/parse.py").path
        let parser = try BuiltBinary.startProgram("/usr/bin/env", [ServerProcess.python, script, file.path])
        let result = await parser.exit(timeout: 60)
        guard result.exitCode == 0,
              let document = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        else { throw ServerProcessError("the Prometheus parser refused /metrics: \(result.standardError)") }
        families = document["families"] as? [String: String] ?? [:]
        samples = (document["samples"] as? [[String: Any]] ?? []).map { sample in
            Sample(name: sample["name"] as? String ?? "", labels: sample["labels"] as? [String: String] ?? [:],
                   value: sample["value"] as? Double)
        }
    }

    /// The value of the one sample `name` with exactly `labels`; nil when there is none.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    /// Every sample named `name`.
    func all(_ name: String) -> [Sample] { samples.filter { $0.name == name } }
}
