import Foundation
import Graphviz
import Testing
import VolumeGraph

/// True when Graphviz's `dot` is installed.
let graphvizAvailable = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    .contains { FileManager.default.isExecutableFile(atPath: "\($0)/dot") }

@Suite struct GraphvizRunnerTests {
    /// VolumeGraph's DOT of an empty graph, and a small hand-written one with a name Graphviz escapes.
    static let emptyGraph = GraphRenderer.dot(RelationshipGraph())
    static let dot = #"digraph { "pv-data" -> "pod/shop/api" }"#

    @Test(.enabled(if: graphvizAvailable)) func rendersSVG() async throws {
        let svg = String(decoding: try await GraphvizRunner().render(dot: Self.dot, format: .svg), as: UTF8.self)
        #expect(svg.contains("<svg"))
        #expect(svg.contains("pv&#45;data") || svg.contains("pv-data"))
        let empty = String(decoding: try await GraphvizRunner().render(dot: Self.emptyGraph, format: .svg), as: UTF8.self)
        #expect(empty.contains("<svg"))
    }

    @Test(.enabled(if: graphvizAvailable)) func rendersPNG() async throws {
        let png = try await GraphvizRunner().render(dot: Self.dot, format: .png)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test(.enabled(if: graphvizAvailable)) func rejectedInputReportsWhatGraphvizSaid() async {
        await #expect {
            try await GraphvizRunner().render(dot: "digraph { a -> }", format: .svg)
        } throws: { error in
            guard case .failed(let status, let message)? = error as? GraphvizError else { return false }
            return status != 0 && message.contains("syntax error")
        }
    }

    @Test func missingProgramNamesTheDebianPackage() async {
        let runner = GraphvizRunner(searchPath: "/nonexistent-kubecapwatch-bin")
        await #expect(throws: GraphvizError.notInstalled("dot")) { try await runner.render(dot: Self.dot, format: .svg) }
        #expect(GraphvizError.notInstalled("dot").description.contains("Debian package graphviz"))
        await #expect(throws: GraphvizError.notInstalled("/nonexistent/dot")) {
            try await GraphvizRunner(executable: "/nonexistent/dot").render(dot: Self.dot, format: .png)
        }
    }

    @Test func aDotThatHangsIsStoppedAtItsTimeout() async throws {
        let fake = try FakeDot("exec sleep 1000")
        let runner = GraphvizRunner(executable: fake.path, timeout: .milliseconds(300))
        await #expect(throws: GraphvizError.timedOut(.milliseconds(300))) { try await runner.render(dot: Self.dot, format: .svg) }
        #expect(GraphvizError.timedOut(.seconds(600)).description
            == "Graphviz dot did not finish within 600 s and was stopped; draw less with --namespace or --focus, or use --format dot, json or mermaid")
    }

    @Test func cancellingTheTaskStopsDot() async throws {
        let fake = try FakeDot(#"echo $$ > "$(dirname "$0")/pid"; exec sleep 1000"#)
        let runner = GraphvizRunner(executable: fake.path)
        let drawing = Task { try await runner.render(dot: Self.dot, format: .svg) }
        // Cancelled once the program runs (it has written its pid).
        while fake.pid == nil { try await Task.sleep(for: .milliseconds(20)) }
        drawing.cancel()
        let result = await drawing.result
        #expect(throws: GraphvizError.cancelled) { try result.get() }
        let pid = try #require(fake.pid)
        #expect(kill(pid, 0) != 0, "dot was reaped")
    }

    @Test func anImageBeyondTheLimitIsRefused() async throws {
        let fake = try FakeDot("head -c 3000000 /dev/zero")
        let runner = GraphvizRunner(executable: fake.path, outputLimit: 1 << 20)
        await #expect(throws: GraphvizError.tooLarge(limit: 1 << 20)) { try await runner.render(dot: Self.dot, format: .png) }
    }

    @Test func aKilledOrSilentDotIsAnError() async throws {
        let killed = try FakeDot("echo 'out of memory' >&2; kill -KILL $$")
        await #expect(throws: GraphvizError.killed(signal: SIGKILL, message: "out of memory")) {
            try await GraphvizRunner(executable: killed.path).render(dot: Self.dot, format: .svg)
        }
        let silent = try FakeDot("exit 0")
        await #expect(throws: GraphvizError.failed(status: 0, message: "dot wrote no output")) {
            try await GraphvizRunner(executable: silent.path).render(dot: Self.dot, format: .svg)
        }
    }

    @Test func dotGetsTheFormatAndTheInputFile() async throws {
        let fake = try FakeDot(#"echo "$1"; cat "$2""#)
        let output = try await GraphvizRunner(executable: fake.path).render(dot: Self.dot, format: .png)
        #expect(String(decoding: output, as: UTF8.self) == "-Tpng\n" + Self.dot)
    }
}

/// A stand-in for `dot`: a shell script in a folder of its own, removed with the value.
final class FakeDot {
    let folder: URL
    var path: String { folder.appendingPathComponent("dot").path }

    init(_ script: String) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("fake-dot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // O_CLOEXEC: a program another test starts meanwhile must not inherit the descriptor, or running this
        // script would fail with ETXTBSY for as long as that program lives.
        let fd = open(folder.appendingPathComponent("dot").path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        defer { close(fd) }
        let bytes = Array("#!/bin/sh\n\(script)\n".utf8)
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else { throw POSIXError(.EIO) }
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// The pid the script wrote, once it has.
    var pid: pid_t? {
        (try? String(contentsOf: folder.appendingPathComponent("pid"), encoding: .utf8))
            .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
