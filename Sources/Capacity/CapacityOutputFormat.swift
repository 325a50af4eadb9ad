/// The `scan --output` formats, for callers that pick one by name.
public enum CapacityOutputFormat: String, Sendable, CaseIterable {
    case table, json, pykles, csv

    /// Renders `report` in this format; `thresholds` and `colour` only affect the table.
    public func render(_ report: CapacityReport, thresholds: CapacityThresholds = .none, colour: Bool = false) -> String {
        switch self {
        case .table: CapacityTableRenderer(thresholds: thresholds, colour: colour).render(report)
        case .json: CapacityJSONRenderer().render(report)
        case .pykles: PyklesRenderer().render(report)
        case .csv: CapacityCSVRenderer().render(report)
        }
    }
}
