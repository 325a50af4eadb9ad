/// The `scan --output` formats: the one list of them, picked by name on the command line.
public enum CapacityOutputFormat: String, Sendable, CaseIterable {
    case table, json, pykles, csv

    /// Renders `report` in this format; `thresholds` and `colour` only affect the table.
    public func render(_ report: CapacityReport, thresholds: Thresholds = .off, colour: Bool = false) -> String {
        switch self {
        case .table: CapacityTableRenderer(thresholds: thresholds, colour: colour).render(report)
        case .json: CapacityJSONRenderer().render(report)
        case .pykles: PyklesRenderer().render(report)
        case .csv: CapacityCSVRenderer().render(report)
        }
    }

    /// The same text handed to `sink` in pieces: streamed for the table, JSON and CSV, whose size grows with
    /// the pods (tens of MB at 150,000 pods); whole for pykles, which has node rows only.
    public func render(_ report: CapacityReport, thresholds: Thresholds = .off, colour: Bool = false,
                       to sink: @escaping (UnsafeRawBufferPointer) -> Void) {
        switch self {
        case .table: CapacityTableRenderer(thresholds: thresholds, colour: colour).render(report, to: sink)
        case .json: CapacityJSONRenderer().render(report, to: sink)
        case .csv: CapacityCSVRenderer().render(report, to: sink)
        case .pykles:
            var text = PyklesRenderer().render(report)
            text.withUTF8 { sink(UnsafeRawBufferPointer($0)) }
        }
    }
}
