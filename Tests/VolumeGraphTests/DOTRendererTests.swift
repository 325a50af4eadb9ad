import Foundation
import Graphviz
import KubeModel
import Testing
@testable import VolumeGraph

/// True when Graphviz's `dot` is installed: then the DOT output is checked by Graphviz itself.
let graphvizAvailable = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    .contains { FileManager.default.isExecutableFile(atPath: "\($0)/dot") }

@Suite struct DOTRendererTests {
    static func sample() throws -> RelationshipGraph {
        var inventory = NamespaceFilterTests.twoNamespaces()
        inventory.pods.append(Fx.pod("shop", "stuck", phase: "Pending", node: nil, claims: ["missing"]))
        return try Fx.build(inventory)
    }

    @Test func namespacesAreClustersAndClusterScopedObjectsStayOutside() throws {
        let dot = GraphRenderer.dot(try Self.sample())
        let lines = dot.split(separator: "\n").map(String.init)
        #expect(lines.first == "digraph \"kubecapwatch\" {")
        #expect(lines.last == "}")
        #expect(lines.filter { $0.hasPrefix("  subgraph \"cluster_namespace_") } == [
            "  subgraph \"cluster_namespace_blog\" {", "  subgraph \"cluster_namespace_shop\" {",
        ])
        let firstCluster = try #require(lines.firstIndex { $0.contains("subgraph") })
        let pvLine = try #require(lines.firstIndex { $0.hasPrefix("  \"PersistentVolume//pv-shop\" [") })
        #expect(pvLine < firstCluster, "cluster-scoped objects are top-level statements")
        let podLine = try #require(lines.firstIndex { $0.hasPrefix("    \"Pod/shop/api\" [") })
        #expect(podLine > firstCluster)
    }

    @Test func eachKindHasItsShapeAndColourAndLabelsShowStatusAndSize() throws {
        let dot = GraphRenderer.dot(try Self.sample())
        let pv = try #require(dot.split(separator: "\n").first { $0.contains("\"PersistentVolume//pv-shop\" [") })
        #expect(pv.contains("shape=cylinder"))
        #expect(pv.contains("fillcolor=\"#dcfce7\""))
        #expect(pv.contains("label=\"PV pv-shop\\nBound · 1Gi · Delete\\nRWO · fast\"") , "its claim is drawn bound to it")
        let released = try #require(dot.split(separator: "\n").first { $0.contains("\"PersistentVolume//pv-old-shop\" [") })
        #expect(released.contains("\\nclaim shop/old\""), "a claim that is not drawn is named")
        let claim = try #require(dot.split(separator: "\n").first { $0.contains("\"PersistentVolumeClaim/shop/data\" [") })
        #expect(claim.contains("shape=folder"))
        #expect(claim.contains("label=\"PVC data\\nBound · requests 1Gi\\nRWO · fast\""))
        #expect(dot.contains("\"PersistentVolumeClaim/shop/data\" -> \"PersistentVolume//pv-shop\" [label=\"bound_to\", penwidth=2];"))
        #expect(dot.contains("\"Pod/shop/api\" -> \"Node//node-a\" [label=\"runs_on\", style=dotted];"))
    }

    @Test func objectsNamedByFindingsAreOutlinedAndEveryFindingIsListed() throws {
        let graph = try Self.sample()
        let dot = GraphRenderer.dot(graph)
        let lines = dot.split(separator: "\n")
        let missing = try #require(lines.first { $0.contains("\"PersistentVolumeClaim/shop/missing\" [") })
        #expect(missing.contains("color=\"#dc2626\", penwidth=3"))
        #expect(missing.contains("style=\"dashed\""))
        let released = try #require(lines.first { $0.contains("\"PersistentVolume//pv-old-shop\" [") })
        #expect(released.contains("color=\"#ea580c\", penwidth=3"))
        let box = try #require(lines.first { $0.contains("\"kubecapwatch:findings\"") })
        #expect(graph.findings.map(\.code) == [.pvcMissing, .pvReleased, .pvcPending, .pvUnclaimed, .pvcUnused])
        #expect(box.contains("Findings (5)"))
        for finding in graph.findings { #expect(box.contains(finding.code.rawValue + ": ")) }
        let legend = try #require(lines.first { $0.contains("\"kubecapwatch:legend\"") })
        #expect(legend.contains("<TD BGCOLOR=\"#dcfce7\" COLOR=\"#15803d\">PersistentVolume</TD>"))
        #expect(legend.contains("<TD BORDER=\"3\" COLOR=\"#dc2626\">finding: error</TD>"))
        #expect(!legend.contains("Service"), "only kinds drawn are explained")
    }

    @Test func namesAreEscapedInIDsAndLabels() throws {
        let dot = GraphRenderer.dot(try Fx.build(TrickyNames.inventory()))
        #expect(dot.contains("\"Pod/we\\\"ird ns/quote\\\"d\" ["))
        #expect(dot.contains("label=\"Pod trailing\\\\\\nRunning\\non nöde \\\"1\\\"\""))
        #expect(dot.contains("\\\\N\\\\G\\\\l label escapes"))
        #expect(dot.contains("\"Pod/x/a%2Fb\"") && dot.contains("\"Pod/x%2Fa/b\""))
        #expect(!dot.contains("line\nbreak"))
    }

    @Test(.enabled(if: graphvizAvailable)) func graphvizParsesTheOutputWithTrickyNames() async throws {
        let graph = try Fx.build(TrickyNames.inventory())
        let svg = String(decoding: try await GraphvizRunner().render(dot: GraphRenderer.dot(graph), format: .svg), as: UTF8.self)
        #expect(svg.contains("<svg"))
        #expect(svg.components(separatedBy: "class=\"node\"").count - 1 == graph.nodes.count + 2,
                "every object is its own node: none merged, none split")
        #expect(svg.contains("café&#45;ünïcode&#45;日本") || svg.contains("café-ünïcode-日本"))
        #expect(svg.contains("quote&quot;d"))
        #expect(svg.contains("&lt;b&gt;html&lt;/b&gt; &amp; amp"))
    }

    @Test(.enabled(if: graphvizAvailable)) func graphvizParsesTheSampleAndAnEmptyGraph() async throws {
        for graph in [try Self.sample(), try Fx.build(GraphInventory())] {
            let svg = try await GraphvizRunner().render(dot: GraphRenderer.dot(graph), format: .svg)
            #expect(String(decoding: svg, as: UTF8.self).contains("<svg"))
        }
    }
}
