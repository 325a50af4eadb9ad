import Foundation
import Testing
import TestSupport

/// What a scan decodes: only the fields it reads, and the same from an API server (simdjson) as from a snapshot
/// file (Foundation's decoder).
@Suite(.enabled(if: BuiltBinary.exists, "build the binary first: swift build"), .timeLimit(.minutes(2)))
struct ScanInputEndToEndTests {
    /// node-a; `ok` requests 500m; `odd` requests 250m and is malformed only in fields the scan does not read (a
    /// label value that is a number, a volume claim name that is an object, an env that is a string); `broken`
    /// has a `containers` that is not a list.
    static let cluster = #"""
    {"apiVersion":"v1","kind":"List","items":[
    {"apiVersion":"v1","kind":"Node","metadata":{"name":"node-a","labels":{"kubernetes.io/hostname":"node-a"},"ownerReferences":"odd"},"status":{"capacity":{"cpu":"4","memory":"16Gi","pods":"110"},"allocatable":{"cpu":"4","memory":"16Gi","pods":"110"},"conditions":[{"type":"Ready","status":"True"}]}},
    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"ok","namespace":"shop"},"spec":{"nodeName":"node-a","containers":[{"name":"app","resources":{"requests":{"cpu":"500m"}}}]},"status":{"phase":"Running"}},
    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"odd","namespace":"shop","labels":{"tier":1}},"spec":{"nodeName":"node-a","volumes":[{"name":"v","persistentVolumeClaim":{"claimName":{}}}],"containers":[{"name":"app","env":"A=1","resources":{"requests":{"cpu":"250m"}}}]},"status":{"phase":"Running"}},
    {"apiVersion":"v1","kind":"Pod","metadata":{"name":"broken","namespace":"shop"},"spec":{"nodeName":"node-a","containers":7},"status":{"phase":"Running"}}
    ]}
    """#

    @Test func podsMalformedOnlyWhereTheScanDoesNotLookAreCounted() async throws {
        let folder = try KubectlScratchFolder()
        let file = folder.url.appendingPathComponent("cluster.json")
        try Data(Self.cluster.utf8).write(to: file)
        let config = folder.url.appendingPathComponent("config.ini")
        try Data("[general]\n".utf8).write(to: config)
        let server = try await TestAPIServer.start(snapshot: file)
        defer { server.stop() }
        for source in [["--kubeconfig", server.kubeconfigPath], ["--snapshot", file.path]] {
            let arguments = ["scan", "--config", config.path, "--output", "json", "--scope", "all"] + source
            let result = await KubectlAgreementTests.finish(try BuiltBinary.start(arguments))
            #expect(result.exitCode == 0, "\(source): \(result.standardError)")
            let report = try JSONDecoder().decode(ScanEndToEndTests.Report.self, from: Data(result.standardOutput.utf8))
            #expect(report.nodes.map(\.name) == ["node-a"], "\(source)")
            #expect(report.nodes.first?.cpu.requests == 750, "\(source)")
            #expect(report.pods?.map(\.name).sorted() == ["odd", "ok"], "\(source)")
            // The one thing to report (the API client also logs it as it skips it): the pod the scan cannot read.
            let warnings = result.standardError.split(separator: "\n")
            #expect(!warnings.isEmpty && warnings.allSatisfy { $0.contains("shop/broken") }, "\(source): \(result.standardError)")
            #expect(result.standardError.contains("Pod shop/broken: could not be decoded"), "\(source)")
        }
    }
}
