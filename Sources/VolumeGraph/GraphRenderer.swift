import Foundation

/// Text renderings of a ``RelationshipGraph``. Pure and deterministic: the same graph always
/// gives the same bytes, so written files diff cleanly.
public enum GraphRenderer {
    /// The JSON document of `docs/graph-json.md`: pretty-printed, keys sorted, dates in ISO 8601.
    public static func json(_ graph: RelationshipGraph) throws -> String {
        String(decoding: try jsonData(graph), as: UTF8.self)
    }

    /// ``json(_:)`` as UTF-8 bytes, newline-terminated.
    public static func jsonData(_ graph: RelationshipGraph) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(graph) + Data("\n".utf8)
    }

    /// Reads back a document written by ``json(_:)``.
    ///
    /// - Throws: `DecodingError` when the data is not such a document, including one of another
    ///   `kind` or `apiVersion`.
    public static func decodeJSON(_ data: Data) throws -> RelationshipGraph {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let graph = try decoder.decode(RelationshipGraph.self, from: data)
        guard graph.kind == RelationshipGraph.documentKind, graph.apiVersion == RelationshipGraph.currentAPIVersion else {
            throw DecodingError.dataCorrupted(DecodingError.Context(
                codingPath: [], debugDescription: "expected \(RelationshipGraph.currentAPIVersion) "
                    + "\(RelationshipGraph.documentKind), got \(graph.apiVersion) \(graph.kind)"))
        }
        return graph
    }

    /// Graphviz DOT (render it with ``GraphvizRenderer`` or `dot -Tsvg`).
    public static func dot(_ graph: RelationshipGraph) -> String {
        DOTRenderer(graph).render()
    }

    /// A Mermaid `flowchart LR`, for Markdown pages that render Mermaid.
    public static func mermaid(_ graph: RelationshipGraph) -> String {
        MermaidRenderer(graph).render()
    }
}
