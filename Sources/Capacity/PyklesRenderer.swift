/// Renders the pykles REST shape, `{"Nodes":[{"NodeName","CPU":{…},"RAM":{…}}]}`, so clients of
/// pykles keep working — with correct numbers: percentages of allocatable (pykles divided by
/// capacity), requests counted whether or not limits are set, memory in bytes (pykles was 1024×
/// off). Like pykles, `Capacity`/`Allocatable` are integers (millicores, bytes) and
/// `InstrumentedValue`/`Percent` are floating-point numbers; `Percent` is rounded to two decimals
/// and is `null` when allocatable is zero (pykles crashed there).
public struct PyklesRenderer: Sendable {
    /// Indented (the default) or compact.
    public var pretty: Bool

    /// A renderer, pretty-printed unless told otherwise.
    public init(pretty: Bool = true) { self.pretty = pretty }

    /// The pykles JSON document.
    public func render(_ report: CapacityReport) -> String {
        var json = JSONWriter(pretty: pretty)
        json.beginObject()
        json.beginArray("Nodes")
        for node in report.nodes {
            json.beginObject()
            json.string("NodeName", node.name)
            write("CPU", node.cpu, &json)
            write("RAM", node.memory, &json)
            json.endObject()
        }
        json.endArray()
        json.endObject()
        return json.finish()
    }

    private func write(_ key: String, _ figures: ResourceFigures, _ json: inout JSONWriter) {
        json.beginObject(key)
        json.integer("Capacity", figures.capacity)
        json.integer("Allocatable", figures.allocatable)
        for (name, value, percent) in [("Requests", figures.requests, figures.requestsPercent),
                                       ("Limits", figures.limits, figures.limitsPercent)] {
            json.beginObject(name)
            json.number("InstrumentedValue", Double(value))
            json.number("Percent", Figures.rounded(percent))
            json.endObject()
        }
        json.endObject()
    }
}
