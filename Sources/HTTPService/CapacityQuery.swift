import Capacity
import KubeModel

/// `/api/v1/capacity`'s parameters: `scan`'s filters (`namespace`, `node_selector`, `scope`, `report_type`,
/// `sort`) and `format`. A parameter not given takes the configuration's value, as `scan --config` does; an empty
/// `namespace` or `node_selector` means all.
struct CapacityQuery {
    enum Format: String, CaseIterable { case json, pykles, csv }

    static let accepted = ["namespace", "node_selector", "scope", "report_type", "sort", "format"]

    var options: CapacityOptions
    var format: Format

    init(_ parameters: QueryParameters, defaults: CapacityOptions) throws(APIError) {
        options = defaults
        if let namespaces = parameters.list("namespace") { options.namespaces = Set(namespaces) }
        if let text = parameters["node_selector"] {
            do {
                options.nodeSelector = text.isEmpty ? .everything : try LabelSelector(parsing: text)
            } catch {
                throw .badRequest("node_selector: \(error)")
            }
        }
        if let scope = try parameters.choice("scope", as: CapacityScope.self) { options.scope = scope }
        if let type = try parameters.choice("report_type", as: CapacityReportType.self) { options.reportType = type }
        if let text = parameters["sort"] {
            guard let key = CapacitySortKey(argument: text) else {
                throw .badRequest("sort: unknown key \"\(QueryParameters.printable(text))\"; use one of name, pods, "
                    + "cpu-requests, cpu-limits, memory-requests, memory-limits (add -percent for the percentages)")
            }
            options.sort = key
        }
        format = try parameters.choice("format", as: Format.self) ?? .json
    }
}
