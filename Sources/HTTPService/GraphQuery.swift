import VolumeGraph

/// `/api/v1/graph`'s parameters, those of `graph`: `format` (json, dot, mermaid, svg), `namespace`, `kinds`,
/// `focus`, `depth`, `all_pods`, `nodes`.
struct GraphQuery {
    enum Format: String, CaseIterable { case json, dot, mermaid, svg }

    static let accepted = ["format", "namespace", "kinds", "focus", "depth", "all_pods", "nodes"]

    var format: Format
    var namespaces: [String]
    var options: GraphOptions

    init(_ parameters: QueryParameters) throws(APIError) {
        format = try parameters.choice("format", as: Format.self) ?? .json
        namespaces = parameters.list("namespace") ?? []
        let kinds = try parameters.choice("kinds", as: GraphKinds.self) ?? .volumes
        var depth = 1
        if let text = parameters["depth"] {
            guard let value = Int(text), (0...100).contains(value) else {
                throw .badRequest("depth: expected a whole number from 0 to 100, got \"\(QueryParameters.printable(text))\"")
            }
            depth = value
        }
        var focus: GraphFocus?
        if let text = parameters["focus"] {
            let parsed = Result { () throws(GraphFocusError) -> GraphFocus in try GraphFocus(parsing: text, depth: depth) }
            switch parsed {
            case .success(let value): focus = value
            case .failure(let error): throw .badRequest(error.description)
            }
        }
        options = GraphOptions(namespaces: Set(namespaces), kinds: kinds, focus: focus,
                               allPods: try parameters.flag("all_pods") ?? false, showNodes: try parameters.flag("nodes") ?? false)
    }
}
