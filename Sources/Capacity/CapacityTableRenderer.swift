/// Renders a report as a kube-capacity-like table:
///
/// ```
/// NODE     NAMESPACE   POD   CPU REQUESTS   CPU LIMITS    MEMORY REQUESTS   MEMORY LIMITS
/// *        *           *     4350m (73%)    3000m (50%)   3142Mi (12%)      4266Mi (17%)
///
/// node-a   *           *     1350m (34%)    3000m (76%)   2118Mi (13%)      4266Mi (27%)
/// node-a   shop        api   250m (6%)      1000m (25%)   512Mi (3%)        1024Mi (6%)
/// ```
///
/// CPU in millicores, memory in Mi (truncated), percentages the whole numbers kubectl prints, float
/// arithmetic included (``KubectlPercent``), `n/a` where allocatable is zero. The `*` row holds the totals.
/// Node and pod cells whose exact share is above a threshold (``Threshold/isExceeded(by:of:)``, as alerts
/// decide) get a trailing `!`, and are red when
/// `colour` is set (the caller decides whether stdout is a terminal). NAMESPACE and POD columns appear
/// when the scope includes pods.
public struct CapacityTableRenderer: Sendable, LineRenderer {
    /// Percentages above which node and pod cells are marked.
    public var thresholds: Thresholds
    /// Whether marked cells are also red (ANSI); only for terminals.
    public var colour: Bool

    /// A table renderer; no marking and no colour unless asked.
    public init(thresholds: Thresholds = .off, colour: Bool = false) {
        self.thresholds = thresholds
        self.colour = colour
    }

    /// A table cell: the visible text and whether it is marked as over a threshold.
    struct Cell {
        var text: String
        var marked = false
    }

    /// The table, one line per row, ending with a newline.
    public func render(_ report: CapacityReport) -> String { text(of: report) }

    /// Writes the same table to `sink` in pieces of about 64 KB. Rows are made twice, once to measure the
    /// columns and once to write them, rather than held: a table of 150,000 pods would be ~100 MB of cells.
    public func render(_ report: CapacityReport, to sink: @escaping (UnsafeRawBufferPointer) -> Void) {
        stream(report, to: sink)
    }

    func write(_ report: CapacityReport, _ output: inout TextOutput) {
        let podsByNode = podsByNode(report)
        var widths: [Int] = []
        forEachRow(of: report, podsByNode) { row in
            guard let row else { return }
            if widths.count < row.count { widths += [Int](repeating: 0, count: row.count - widths.count) }
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.text.count) }
        }
        forEachRow(of: report, podsByNode) { row in output.write(line(row, widths: widths)) }
    }

    /// Positions in `report.pods` by node name, for kube-capacity's layout; empty when no node rows are shown.
    private func podsByNode(_ report: CapacityReport) -> [String: [Int]] {
        guard report.scope.includesNodes, let pods = report.pods else { return [:] }
        return Dictionary(grouping: pods.indices, by: { pods[$0].node })
    }

    /// The rows in order; nil is a blank separator line.
    private func forEachRow(of report: CapacityReport, _ podsByNode: [String: [Int]], _ body: ([Cell]?) -> Void) {
        let withPods = report.scope.includesPods
        var header = ["NODE"] + (withPods ? ["NAMESPACE", "POD"] : [])
        if report.reportType.includesCPU { header += ["CPU REQUESTS", "CPU LIMITS"] }
        if report.reportType.includesMemory { header += ["MEMORY REQUESTS", "MEMORY LIMITS"] }
        body(header.map { Cell(text: $0) })
        let star = withPods ? ["*", "*", "*"] : ["*"]
        body(names(star) + measures(report.totals.cpu, report.totals.memory, report.reportType, marking: false))
        let pods = report.pods ?? []
        if report.scope.includesNodes {
            // kube-capacity's layout: each node row followed by its pods, groups apart.
            for node in report.nodes {
                if withPods { body(nil) }
                body(names(withPods ? [node.name, "*", "*"] : [node.name])
                     + measures(node.cpu, node.memory, report.reportType, marking: true))
                for index in podsByNode[node.name] ?? [] { body(podRow(pods[index], report.reportType)) }
            }
        } else {
            // Pods only: one list in the requested order.
            body(nil)
            for pod in pods { body(podRow(pod, report.reportType)) }
        }
    }

    private func podRow(_ pod: PodCapacity, _ type: CapacityReportType) -> [Cell] {
        names([pod.node, pod.namespace, pod.name]) + measures(pod, type)
    }

    private func names(_ texts: [String]) -> [Cell] { texts.map { Cell(text: $0) } }

    private func measures(_ cpu: ResourceFigures, _ memory: ResourceFigures, _ type: CapacityReportType,
                          marking: Bool) -> [Cell] {
        var cells: [Cell] = []
        let marks = marking ? thresholds : .off
        if type.includesCPU {
            cells.append(cell(Self.cpu, cpu.requests, of: cpu.allocatable, marks.cpuRequests))
            cells.append(cell(Self.cpu, cpu.limits, of: cpu.allocatable, marks.cpuLimits))
        }
        if type.includesMemory {
            cells.append(cell(Self.memory, memory.requests, of: memory.allocatable, marks.memoryRequests))
            cells.append(cell(Self.memory, memory.limits, of: memory.allocatable, marks.memoryLimits))
        }
        return cells
    }

    private func measures(_ pod: PodCapacity, _ type: CapacityReportType) -> [Cell] {
        var cells: [Cell] = []
        if type.includesCPU {
            let cpu = pod.cpu
            cells.append(cell(Self.cpu, cpu.requests, of: cpu.nodeAllocatable, thresholds.cpuRequests))
            cells.append(cell(Self.cpu, cpu.limits, of: cpu.nodeAllocatable, thresholds.cpuLimits))
        }
        if type.includesMemory {
            let memory = pod.memory
            cells.append(cell(Self.memory, memory.requests, of: memory.nodeAllocatable, thresholds.memoryRequests))
            cells.append(cell(Self.memory, memory.limits, of: memory.nodeAllocatable, thresholds.memoryLimits))
        }
        return cells
    }

    /// `value (P%)`: P as kubectl prints it, the mark from the exact share, as alerts compare it.
    private func cell(_ unit: (Int64) -> String, _ value: Int64, of allocatable: Int64, _ threshold: Threshold?) -> Cell {
        let marked = threshold?.isExceeded(by: value, of: allocatable) ?? false
        return Cell(text: "\(unit(value)) (\(Self.percent(value, of: allocatable)))" + (marked ? "!" : ""), marked: marked)
    }

    static func cpu(_ millicores: Int64) -> String { "\(millicores)m" }

    static func memory(_ bytes: Int64) -> String { "\(bytes / 1_048_576)Mi" }

    /// kubectl's whole percent (``KubectlPercent``), `n/a` for a zero allocatable.
    static func percent(_ value: Int64, of allocatable: Int64) -> String {
        KubectlPercent.of(value, in: allocatable).map { "\($0)%" } ?? "n/a"
    }

    /// One row padded to the column widths, three spaces apart; nil is a blank line.
    private func line(_ row: [Cell]?, widths: [Int]) -> String {
        guard let row else { return "\n" }
        var line = ""
        for (index, cell) in row.enumerated() {
            let isLast = index == row.count - 1
            let padding = isLast ? "" : String(repeating: " ", count: widths[index] - cell.text.count + 3)
            line += (colour && cell.marked ? "\u{1B}[31m\(cell.text)\u{1B}[0m" : cell.text) + padding
        }
        return line + "\n"
    }
}
