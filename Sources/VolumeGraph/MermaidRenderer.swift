import Foundation

/// Renders a graph as a Mermaid `flowchart LR`: a subgraph per namespace, cluster-scoped
/// objects outside, a class per kind, findings as classes on the objects they name and a
/// findings node listing them.
struct MermaidRenderer {
    static let findingsLimit = DOTRenderer.findingsBoxLimit

    let graph: RelationshipGraph
    private var ids: [GraphNodeID: String] = [:]
    private let simplified: PictureSimplification

    init(_ graph: RelationshipGraph) {
        self.graph = graph
        simplified = PictureSimplification(graph)
        var table = MermaidText.IdentifierTable()
        for node in graph.nodes {
            ids[node.id] = table.make([node.kind.rawValue, node.namespace ?? "", node.name])
        }
    }

    func render() -> String {
        var out = ["flowchart LR"]
        if let generatedAt = graph.generatedAt { out.append("  %% kubecapwatch relationship graph, \(generatedAt.ISO8601Format())") }
        let byNamespace = Dictionary(grouping: graph.nodes, by: \.namespace)
        out += (byNamespace[nil] ?? []).map { "  " + nodeStatement($0) }
        var subgraphIDs = MermaidText.IdentifierTable()
        for namespace in byNamespace.keys.compactMap({ $0 }).sorted() {
            out.append("  subgraph \(subgraphIDs.make(["namespace", namespace]))[\(MermaidText.label(["namespace " + namespace]))]")
            out += byNamespace[namespace]!.map { "    " + nodeStatement($0) }
            out.append("  end")
        }
        out += simplified.relationships.map { "  " + edgeStatement($0) }
        out.append("  kubecapwatch_findings[\(MermaidText.label(findingLines()))]")
        if let note = GraphSizeAdvice.note(for: graph) {
            out.append("  kubecapwatch_note[\(MermaidText.label(["Note: " + note]))]")
        }
        out += classStatements().map { "  " + $0 }
        return out.joined(separator: "\n") + "\n"
    }

    private func nodeStatement(_ node: GraphNode) -> String {
        let label = MermaidText.label(NodeLabel.lines(node, claimDrawn: simplified.volumesWithDrawnClaim.contains(node.id)))
        let shaped: String = switch node.kind {
        case .persistentVolumeClaim: "[/\(label)/]"
        case .persistentVolume: "[(\(label))]"
        case .storageClass: "{{\(label)}}"
        case .node: "[[\(label)]]"
        case .service: "([\(label)])"
        case .configMap, .secret: "[/\(label)\\]"
        case .pod: "(\(label))"
        default: "[\(label)]"
        }
        return ids[node.id]! + shaped
    }

    private func edgeStatement(_ edge: Relationship) -> String {
        let arrow: String = switch edge.type {
        case .boundTo: "==>"
        case .provisionedBy, .ownedBy, .uses, .runsOn: "-.->"
        case .mounts, .targets: "-->"
        }
        return "\(ids[edge.source]!) \(arrow)|\(edge.type.rawValue)| \(ids[edge.target]!)"
    }

    private func findingLines() -> [String] {
        var lines = ["Findings (\(graph.findings.count))"]
        if graph.findings.isEmpty { lines.append("none") }
        for finding in graph.findings.prefix(Self.findingsLimit) {
            lines.append("\(finding.severity.rawValue.uppercased()) \(finding.code.rawValue): \(finding.message)")
        }
        if graph.findings.count > Self.findingsLimit {
            lines.append("… and \(graph.findings.count - Self.findingsLimit) more (see --format json)")
        }
        return lines
    }

    private func classStatements() -> [String] {
        var lines: [String] = []
        let kinds = Set(graph.nodes.map(\.kind)).sorted()
        for kind in kinds {
            let style = KindStyle.of(kind)
            lines.append("classDef \(className(kind)) fill:\(style.fill),stroke:\(style.stroke),color:#111827")
        }
        lines.append("classDef missing fill:#ffffff,stroke:#6b7280,stroke-dasharray:5 5,color:#6b7280")
        for severity in FindingSeverity.allCases {
            lines.append("classDef \(findingClass(severity)) stroke:\(KindStyle.findingColor(severity)),stroke-width:3px")
        }
        lines.append("classDef findings fill:#fff7ed,stroke:#ea580c,text-align:left")
        for kind in kinds {
            let members = graph.nodes.filter { $0.kind == kind && !$0.isMissing }.map { ids[$0.id]! }
            if !members.isEmpty { lines.append("class \(members.joined(separator: ",")) \(className(kind))") }
        }
        let missing = graph.nodes.filter(\.isMissing).map { ids[$0.id]! }
        if !missing.isEmpty { lines.append("class \(missing.joined(separator: ",")) missing") }
        let worst = graph.worstSeverityByObject
        for severity in FindingSeverity.allCases {
            let members = graph.nodes.filter { worst[$0.id] == severity }.map { ids[$0.id]! }
            if !members.isEmpty { lines.append("class \(members.joined(separator: ",")) \(findingClass(severity))") }
        }
        lines.append("class kubecapwatch_findings findings")
        if GraphSizeAdvice.note(for: graph) != nil { lines.append("class kubecapwatch_note findings") }
        return lines
    }

    /// `finding_error`, `finding_warning`, `finding_info`.
    private func findingClass(_ severity: FindingSeverity) -> String { "finding_" + severity.rawValue }

    /// `kind_pod`, `kind_persistentvolumeclaim`…: never a Mermaid keyword.
    private func className(_ kind: ObjectKind) -> String {
        "kind_" + kind.rawValue.lowercased().unicodeScalars.filter(CharacterSetASCII.isAlphanumeric).map(String.init).joined()
    }
}
