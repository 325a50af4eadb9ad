import Foundation

/// Renders a graph as Graphviz DOT: one cluster per namespace, cluster-scoped objects outside,
/// a colour and shape per kind, objects named by findings outlined in the severity's colour,
/// a findings box and a legend.
struct DOTRenderer {
    /// Lines of the findings box beyond this are summarised: the JSON has them all.
    static let findingsBoxLimit = 40

    let graph: RelationshipGraph
    private let worst: [GraphNodeID: FindingSeverity]
    /// Each node's DOT identifier, escaped once rather than at every edge end.
    private let ids: [GraphNodeID: String]
    private let simplified: PictureSimplification
    /// Graphviz `group` of each pod, claim and volume: the claim they share. Graphviz keeps the
    /// edges within a group straight, so each pod → claim → volume chain reads as one row instead
    /// of the volume column drifting away from its claims.
    private let groups: [GraphNodeID: String]

    init(_ graph: RelationshipGraph) {
        self.graph = graph
        simplified = PictureSimplification(graph)
        worst = graph.worstSeverityByObject
        ids = Dictionary(graph.nodes.map { ($0.id, DOTText.nodeID($0.id)) }, uniquingKeysWith: { first, _ in first })
        var groups: [GraphNodeID: String] = [:]
        for edge in graph.relationships where edge.type == .mounts || edge.type == .boundTo {
            let claim = edge.type == .mounts ? edge.target : edge.source
            let other = edge.type == .mounts ? edge.source : edge.target
            let group = ids[claim] ?? DOTText.nodeID(claim)
            groups[claim] = group
            if groups[other] == nil { groups[other] = group }
        }
        self.groups = groups
    }

    func render() -> String {
        var out: [String] = ["digraph \"kubecapwatch\" {"]
        out += header().map { "  " + $0 }
        let byNamespace = Dictionary(grouping: graph.nodes, by: \.namespace)
        out += (byNamespace[nil] ?? []).map { "  " + nodeStatement($0) }
        for namespace in byNamespace.keys.compactMap({ $0 }).sorted() {
            out += namespaceCluster(namespace, byNamespace[namespace]!).map { "  " + $0 }
        }
        out += simplified.relationships.map { "  " + edgeStatement($0) }
        out += findingsBox().map { "  " + $0 }
        out += legend().map { "  " + $0 }
        out.append("}")
        return out.joined(separator: "\n") + "\n"
    }

    private func header() -> [String] {
        var title = "kubecapwatch · \(graph.nodes.count) objects · \(graph.findings.count) findings"
        if let generatedAt = graph.generatedAt { title += " · \(generatedAt.ISO8601Format())" }
        let titleLines = [title] + (GraphSizeAdvice.note(for: graph).map { ["Note: " + $0] } ?? [])
        return [
            "graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, labelloc=t, label=\(DOTText.label(titleLines)), "
                + "newrank=true, nodesep=0.25, ranksep=0.7];",
            "node [fontname=\"Helvetica\", fontsize=10, penwidth=1.2];",
            "edge [fontname=\"Helvetica\", fontsize=8, color=\"#4b5563\", fontcolor=\"#4b5563\"];",
        ]
    }

    private func namespaceCluster(_ namespace: String, _ nodes: [GraphNode]) -> [String] {
        ["subgraph \(DOTText.quoted("cluster_namespace_" + namespace)) {",
         "  label=\(DOTText.quoted("namespace " + namespace)); style=\"rounded,dashed\"; color=\"#9ca3af\"; "
            + "fontcolor=\"#374151\";"]
            + nodes.map { "  " + nodeStatement($0) }
            + ["}"]
    }

    private func nodeStatement(_ node: GraphNode) -> String {
        let style = KindStyle.of(node.kind)
        var attributes = groups[node.id].map { ["group=\($0)"] } ?? []
        attributes += [
            "label=\(DOTText.label(NodeLabel.lines(node, claimDrawn: simplified.volumesWithDrawnClaim.contains(node.id))))",
            "tooltip=\(DOTText.quoted(node.id.description))",
            "shape=\(style.dotShape)",
        ]
        if node.isMissing {
            attributes += ["style=\"dashed\"", "color=\"\(style.stroke)\"", "fontcolor=\"#6b7280\""]
        } else {
            attributes += ["style=\"\(node.kind == .pod ? "filled,rounded" : "filled")\"",
                           "fillcolor=\"\(style.fill)\"", "color=\"\(style.stroke)\""]
        }
        if let severity = worst[node.id] {
            attributes += ["color=\"\(KindStyle.findingColor(severity))\"", "penwidth=\(severity == .info ? 2 : 3)"]
        }
        return "\(ids[node.id]!) [\(attributes.joined(separator: ", "))];"
    }

    private func edgeStatement(_ edge: Relationship) -> String {
        let look: String = switch edge.type {
        case .mounts: ""
        case .boundTo: ", penwidth=2"
        case .provisionedBy: ", style=dashed"
        case .runsOn: ", style=dotted"
        case .ownedBy: ", style=dashed, arrowhead=empty"
        case .targets: ", color=\"#0e7490\""
        case .uses: ", style=dotted, arrowhead=vee"
        }
        return "\(ids[edge.source] ?? DOTText.nodeID(edge.source)) -> \(ids[edge.target] ?? DOTText.nodeID(edge.target)) "
            + "[label=\(DOTText.quoted(edge.type.rawValue))\(look)];"
    }

    private func findingsBox() -> [String] {
        var lines = ["Findings (\(graph.findings.count))"]
        if graph.findings.isEmpty { lines.append("none") }
        for finding in graph.findings.prefix(Self.findingsBoxLimit) {
            lines.append("\(finding.severity.rawValue.uppercased())  \(finding.code.rawValue): \(finding.message)")
        }
        if graph.findings.count > Self.findingsBoxLimit {
            lines.append("… and \(graph.findings.count - Self.findingsBoxLimit) more (see --format json)")
        }
        let color = graph.findings.first.map { KindStyle.findingColor($0.severity) } ?? "#9ca3af"
        return ["\"kubecapwatch:findings\" [shape=note, style=filled, fillcolor=\"#fff7ed\", color=\"\(color)\", "
                + "penwidth=2, fontsize=9, label=\(DOTText.label(lines, leftAligned: true))];"]
    }

    /// One compact table node: a row of separate legend nodes would stretch a left-to-right layout.
    private func legend() -> [String] {
        let kinds = Set(graph.nodes.map(\.kind)).sorted()
        guard !kinds.isEmpty else { return [] }
        var cells = kinds.map { kind in
            let style = KindStyle.of(kind)
            return "<TD BGCOLOR=\"\(style.fill)\" COLOR=\"\(style.stroke)\">\(DOTText.html(kind.rawValue))</TD>"
        }
        cells += Set(graph.nodes.compactMap { worst[$0.id] }).sorted().map { severity in
            "<TD BORDER=\"3\" COLOR=\"\(KindStyle.findingColor(severity))\">finding: \(severity.rawValue)</TD>"
        }
        let columns = 3
        let rows = stride(from: 0, to: cells.count, by: columns).map {
            "<TR>" + cells[$0..<min($0 + columns, cells.count)].joined() + "</TR>"
        }
        let table = "<TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"3\" CELLPADDING=\"4\">"
            + "<TR><TD COLSPAN=\"\(columns)\" BORDER=\"0\"><B>Legend</B></TD></TR>" + rows.joined() + "</TABLE>"
        return ["\"kubecapwatch:legend\" [shape=plain, fontsize=9, label=<\(table)>];"]
    }
}
