/// Renders a report as CSV (RFC 4180): a header row, then one row per node, one per pod (when
/// the scope includes pods) and a final `total` row. CPU in millicores, memory in bytes,
/// percentages as in JSON — the exact share with two decimals, not the table's kubectl-style whole
/// numbers: CSV feeds spreadsheets and scripts — empty where a figure does not apply or is n/a.
public struct CapacityCSVRenderer: Sendable, LineRenderer {
    /// A CSV renderer (it has no settings).
    public init() {}

    /// The CSV text, CRLF line ends, ending with a line break.
    public func render(_ report: CapacityReport) -> String { text(of: report) }

    /// Writes the same text to `sink` in pieces of about 64 KB, a row at a time.
    public func render(_ report: CapacityReport, to sink: @escaping (UnsafeRawBufferPointer) -> Void) {
        stream(report, to: sink)
    }

    func write(_ report: CapacityReport, _ output: inout TextOutput) {
        let type = report.reportType
        var header = ["kind", "node", "namespace", "pod"]
        if type.includesCPU { header += Self.measureColumns("cpu") }
        if type.includesMemory { header += Self.measureColumns("memory") }
        header += ["pods_count", "pods_allocatable"]
        output.write(Self.line(header))
        if report.scope.includesNodes {
            for node in report.nodes {
                output.write(Self.line(["node", node.name, "", ""] + measures(node.cpu, node.memory, type)
                                       + ["\(node.pods.count)", "\(node.pods.allocatable)"]))
            }
        }
        for pod in report.pods ?? [] {
            var cells = ["pod", pod.node, pod.namespace, pod.name]
            if type.includesCPU { cells += Self.cells(pod.cpu) }
            if type.includesMemory { cells += Self.cells(pod.memory) }
            output.write(Self.line(cells + ["", ""]))
        }
        let totals = report.totals
        output.write(Self.line(["total", "", "", ""] + measures(totals.cpu, totals.memory, type)
                               + ["\(totals.pods.count)", "\(totals.pods.allocatable)"]))
    }

    private static func measureColumns(_ measure: String) -> [String] {
        ["capacity", "allocatable", "requests", "requests_percent", "limits", "limits_percent"].map { "\(measure)_\($0)" }
    }

    private func measures(_ cpu: ResourceFigures, _ memory: ResourceFigures, _ type: CapacityReportType) -> [String] {
        (type.includesCPU ? Self.cells(cpu) : []) + (type.includesMemory ? Self.cells(memory) : [])
    }

    private static func cells(_ f: ResourceFigures) -> [String] {
        ["\(f.capacity)", "\(f.allocatable)", "\(f.requests)", percent(f.requestsPercent), "\(f.limits)", percent(f.limitsPercent)]
    }

    private static func cells(_ f: PodFigures) -> [String] {
        ["", "", "\(f.requests)", percent(f.requestsPercent), "\(f.limits)", percent(f.limitsPercent)]
    }

    private static func percent(_ value: Double?) -> String { value.map(Figures.fixed2) ?? "" }

    /// One record with its CRLF.
    private static func line(_ cells: [String]) -> String {
        cells.map(quoted).joined(separator: ",") + "\r\n"
    }

    /// Quotes a cell only when it holds a comma, quote or line break.
    static func quoted(_ cell: String) -> String {
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingAll("\"", with: "\"\"") + "\""
    }
}
