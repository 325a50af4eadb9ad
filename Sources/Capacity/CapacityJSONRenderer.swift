import Foundation

/// Renders a report as `scan --output json` (schema `kubecapwatch/v1` `CapacityReport`,
/// documented in docs/capacity-report.md): CPU in millicores, memory in bytes, percentages of the
/// node's allocatable rounded to two decimals, `null` where allocatable is zero.
public struct CapacityJSONRenderer: Sendable {
    /// Indented, one field a line (the default) or compact on one line.
    public var pretty: Bool

    /// A renderer, pretty-printed unless told otherwise.
    public init(pretty: Bool = true) { self.pretty = pretty }

    /// The JSON document, ending with a newline when pretty.
    public func render(_ report: CapacityReport) -> String {
        var json = JSONWriter(pretty: pretty)
        write(report, &json)
        return json.finish()
    }

    /// Writes the same document to `sink` in pieces of about 64 KB, for reports too large to hold twice.
    public func render(_ report: CapacityReport, to sink: @escaping (UnsafeRawBufferPointer) -> Void) {
        var json = JSONWriter(pretty: pretty, sink: sink)
        write(report, &json)
        _ = json.finish()
    }

    private func write(_ report: CapacityReport, _ json: inout JSONWriter) {
        json.beginObject()
        json.string("apiVersion", "kubecapwatch/v1")
        json.string("kind", "CapacityReport")
        json.string("cluster", report.cluster)
        json.string("generatedAt", Self.timestamp(report.generatedAt))
        json.string("scope", report.scope.rawValue)
        json.string("reportType", report.reportType.rawValue)
        json.beginArray("nodes")
        for node in report.nodes {
            write(node, report.reportType, &json)
            json.flush()
        }
        json.endArray()
        if let pods = report.pods {
            json.beginArray("pods")
            for pod in pods {
                write(pod, report.reportType, &json)
                json.flush()
            }
            json.endArray()
        }
        json.beginObject("totals")
        writeMeasures(cpu: report.totals.cpu, memory: report.totals.memory, report.reportType, &json)
        write(report.totals.pods, &json)
        json.endObject()
        json.beginArray("issues")
        for issue in report.issues { write(issue, &json) }
        json.endArray()
        json.endObject()
    }

    /// RFC 3339 in UTC, second precision (`2026-11-23T10:00:00Z`), as every kubecapwatch document writes times.
    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }

    private func write(_ node: NodeCapacity, _ type: CapacityReportType, _ json: inout JSONWriter) {
        json.beginObject()
        json.string("name", node.name)
        writeMeasures(cpu: node.cpu, memory: node.memory, type, &json)
        write(node.pods, &json)
        json.beginArray("extended")
        for resource in node.extended {
            json.beginObject()
            json.string("name", resource.name)
            writeFields(resource.figures, &json)
            json.endObject()
        }
        json.endArray()
        json.endObject()
    }

    private func writeMeasures(cpu: ResourceFigures, memory: ResourceFigures, _ type: CapacityReportType,
                               _ json: inout JSONWriter) {
        if type.includesCPU { write("cpu", cpu, &json) }
        if type.includesMemory { write("memory", memory, &json) }
    }

    private func write(_ key: String, _ figures: ResourceFigures, _ json: inout JSONWriter) {
        json.beginObject(key)
        writeFields(figures, &json)
        json.endObject()
    }

    private func writeFields(_ figures: ResourceFigures, _ json: inout JSONWriter) {
        json.integer("capacity", figures.capacity)
        json.integer("allocatable", figures.allocatable)
        json.integer("requests", figures.requests)
        json.integer("limits", figures.limits)
        json.number("requestsPercent", Figures.rounded(figures.requestsPercent))
        json.number("limitsPercent", Figures.rounded(figures.limitsPercent))
    }

    private func write(_ pods: PodCountFigures, _ json: inout JSONWriter) {
        json.beginObject("pods")
        json.integer("count", Int64(pods.count))
        json.integer("allocatable", pods.allocatable)
        json.endObject()
    }

    private func write(_ pod: PodCapacity, _ type: CapacityReportType, _ json: inout JSONWriter) {
        json.beginObject()
        json.string("namespace", pod.namespace)
        json.string("name", pod.name)
        json.string("node", pod.node)
        if type.includesCPU { write("cpu", pod.cpu, &json) }
        if type.includesMemory { write("memory", pod.memory, &json) }
        json.endObject()
    }

    private func write(_ key: String, _ figures: PodFigures, _ json: inout JSONWriter) {
        json.beginObject(key)
        json.integer("requests", figures.requests)
        json.integer("limits", figures.limits)
        json.number("requestsPercent", Figures.rounded(figures.requestsPercent))
        json.number("limitsPercent", Figures.rounded(figures.limitsPercent))
        json.endObject()
    }

    private func write(_ issue: CapacityIssue, _ json: inout JSONWriter) {
        json.beginObject()
        json.string("kind", issue.kind)
        if let namespace = issue.namespace { json.string("namespace", namespace) }
        json.string("name", issue.name)
        if let field = issue.field { json.string("field", field) }
        if let value = issue.value { json.string("value", value) }
        json.string("message", issue.message)
        json.endObject()
    }
}
