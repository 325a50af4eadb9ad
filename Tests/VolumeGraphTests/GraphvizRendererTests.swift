import Foundation
import Testing
@testable import VolumeGraph

@Suite struct GraphvizRendererTests {
    static let dot = GraphRenderer.dot(try! Fx.build(Fx.healthyShop()))

    @Test(.enabled(if: graphvizAvailable)) func rendersSVG() throws {
        let svg = String(decoding: try GraphvizRenderer.render(dot: Self.dot, format: .svg), as: UTF8.self)
        #expect(svg.contains("<svg"))
        #expect(svg.contains("pv&#45;data") || svg.contains("pv-data"))
    }

    @Test(.enabled(if: graphvizAvailable)) func rendersPNG() throws {
        let png = try GraphvizRenderer.render(dot: Self.dot, format: .png)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    @Test(.enabled(if: graphvizAvailable)) func rejectedInputReportsWhatGraphvizSaid() {
        #expect {
            try GraphvizRenderer.render(dot: "digraph { a -> }", format: .svg)
        } throws: { error in
            guard case .failed(let status, let message)? = error as? GraphvizError else { return false }
            return status != 0 && message.contains("syntax error")
        }
    }

    @Test func missingProgramNamesTheDebianPackage() {
        let renderer = GraphvizRenderer(searchPath: "/nonexistent-kubecapwatch-bin")
        #expect(throws: GraphvizError.notInstalled("dot")) { try renderer.render(dot: Self.dot, format: .svg) }
        #expect(GraphvizError.notInstalled("dot").description.contains("Debian package graphviz"))
        #expect(throws: GraphvizError.notInstalled("/nonexistent/dot")) {
            try GraphvizRenderer(executable: "/nonexistent/dot").render(dot: Self.dot, format: .png)
        }
    }

    @Test func aProgramThatHangsIsKilledAtTheTimeout() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kcw-hung-dot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let program = folder.appendingPathComponent("dot")
        try Data("#!/bin/sh\nexec sleep 600\n".utf8).write(to: program)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: program.path)
        let renderer = GraphvizRenderer(executable: program.path, timeout: .milliseconds(300))
        #expect(throws: GraphvizError.timedOut(after: .milliseconds(300))) { try renderer.render(dot: Self.dot, format: .svg) }
    }
}
