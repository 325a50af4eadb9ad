import KubeModel
import Testing
@testable import VolumeGraph

@Suite struct MermaidRendererTests {
    /// Node definition lines: `<id><shape-open>"label"<shape-close>`; everything but edges,
    /// subgraph frames, class statements and comments.
    static func nodeLines(_ mermaid: String) -> [Substring] {
        mermaid.split(separator: "\n").map { $0.drop { $0 == " " } }.filter { line in
            let words = line.split(separator: " ")
            let isEdge = words.count == 3 && ["-->", "==>", "-.->"].contains { words[1].hasPrefix($0 + "|") }
            let keywords = ["flowchart ", "subgraph ", "class ", "classDef ", "%%"]
            return !isEdge && line != "end" && !keywords.contains { line.hasPrefix($0) }
        }
    }

    static func identifier(_ line: Substring) -> Substring {
        line.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    }

    @Test func flowchartHasASubgraphPerNamespaceEdgesAndFindingClasses() throws {
        let graph = try DOTRendererTests.sample()
        let mermaid = GraphRenderer.mermaid(graph)
        let lines = mermaid.split(separator: "\n").map(String.init)
        #expect(lines.first == "flowchart LR")
        #expect(lines.filter { $0.hasPrefix("  subgraph ") } == [
            "  subgraph namespace_blog[\"namespace blog\"]", "  subgraph namespace_shop[\"namespace shop\"]",
        ])
        #expect(lines.filter { $0 == "  end" }.count == 2)
        #expect(lines.contains("  PersistentVolume__pv_shop[(\"PV pv-shop<br/>Bound · 1Gi · Delete<br/>RWO · fast\")]"))
        #expect(lines.contains("    Pod_shop_api(\"Pod api<br/>Running<br/>on node-a\")"))
        #expect(lines.contains("  PersistentVolumeClaim_shop_data ==>|bound_to| PersistentVolume__pv_shop"))
        #expect(lines.contains("  Pod_shop_api -->|mounts| PersistentVolumeClaim_shop_data"))
        #expect(lines.contains("  PersistentVolume__pv_shop -.->|provisioned_by| StorageClass__fast"))
        #expect(lines.contains("  classDef finding_error stroke:#dc2626,stroke-width:3px"))
        #expect(lines.contains("  class Pod_shop_stuck,PersistentVolumeClaim_shop_missing finding_error"))
        #expect(lines.contains("  class PersistentVolumeClaim_shop_missing missing"))
        let findings = try #require(lines.first { $0.hasPrefix("  kubecapwatch_findings[") })
        #expect(findings.hasPrefix("  kubecapwatch_findings[\"Findings (5)<br/>ERROR pvc-missing: Pod shop/stuck mounts"))
        for finding in graph.findings { #expect(findings.contains(finding.code.rawValue)) }
        #expect(lines.contains("  class kubecapwatch_findings findings"))
    }

    @Test func trickyNamesStayInsideTheirLabelsAndIdentifiersArePlainAndUnique() throws {
        let graph = try Fx.build(TrickyNames.inventory())
        let mermaid = GraphRenderer.mermaid(graph)
        let nodeLines = Self.nodeLines(mermaid).filter { !$0.contains("kubecapwatch_findings") }
        #expect(nodeLines.count == graph.nodes.count)
        var ids: Set<Substring> = []
        for line in nodeLines {
            let trimmed = line
            let id = Self.identifier(line)
            #expect(!id.isEmpty)
            #expect(ids.insert(id).inserted, "identifier \(id) reused")
            let label = trimmed.dropFirst(id.count)
            #expect(label.filter { $0 == "\"" }.count == 2, "a quote escaped the label in: \(line)")
            #expect(!label.contains("<b>") && !label.contains("`"))
        }
        #expect(mermaid.contains("Pod quote#34;d"))
        #expect(mermaid.contains("café-ünïcode-日本"))
        #expect(mermaid.contains("#60;b#62;html#60;/b#62; #38; amp"))
        #expect(mermaid.contains("Pod line break"))
        #expect(mermaid.contains("subgraph namespace_we_ird_ns[\"namespace we#34;ird ns\"]"))
        #expect(mermaid.contains("Pod_we_ird_ns_a_b(") && mermaid.contains("Pod_we_ird_ns_a_b_2("), "a.b and a-b stay apart")
        #expect(mermaid.contains("Pod_x_a_b(") && mermaid.contains("Pod_x_a_b_2("), "x/a/b twice stays apart")
    }

    @Test func subgraphsAreBalancedAndEdgesReferenceDefinedNodes() throws {
        let graph = try Fx.build(TrickyNames.inventory())
        let lines = GraphRenderer.mermaid(graph).split(separator: "\n").map { $0.drop { $0 == " " } }
        #expect(lines.filter { $0.hasPrefix("subgraph ") }.count == lines.filter { $0 == "end" }.count)
        let defined = Set(Self.nodeLines(GraphRenderer.mermaid(graph)).map { String(Self.identifier($0)) })
        let edges = lines.filter { !$0.contains("\"") && $0.split(separator: " ").count == 3 && $0.contains("|") }
        #expect(edges.count == graph.relationships.count)
        for edge in edges {
            let words = edge.split(separator: " ")
            #expect(words.count == 3)
            #expect(defined.contains(String(words[0])) && defined.contains(String(words[2])), "dangling edge \(edge)")
        }
    }
}
