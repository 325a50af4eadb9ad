/// A streaming JSON writer with keys in the order written.
///
/// Reports for 150,000 pods are written straight into one string instead of building a tree of
/// values first (or going through `JSONEncoder`, whose key order is not the schema's).
struct JSONWriter {
    private(set) var output = ""
    private let pretty: Bool
    /// One entry per open container: whether something was already written in it.
    private var hasElements: [Bool] = []

    init(pretty: Bool) { self.pretty = pretty }

    mutating func beginObject(_ key: String? = nil) { open(key, "{") }
    mutating func endObject() { close("}") }
    mutating func beginArray(_ key: String? = nil) { open(key, "[") }
    mutating func endArray() { close("]") }

    mutating func string(_ key: String?, _ value: String?) {
        prefix(key)
        if let value { Self.appendQuoted(value, to: &output) } else { output += "null" }
    }

    mutating func integer(_ key: String?, _ value: Int64) {
        prefix(key)
        output += String(value)
    }

    mutating func bool(_ key: String?, _ value: Bool) {
        prefix(key)
        output += value ? "true" : "false"
    }

    /// A number, or `null` for nil (and for the non-finite values JSON cannot hold).
    mutating func number(_ key: String?, _ value: Double?) {
        prefix(key)
        guard let value, value.isFinite else { output += "null"; return }
        output += value.description
    }

    private mutating func open(_ key: String?, _ bracket: String) {
        prefix(key)
        output += bracket
        hasElements.append(false)
    }

    private mutating func close(_ bracket: String) {
        let nonEmpty = hasElements.removeLast()
        if pretty && nonEmpty { newline() }
        output += bracket
        if hasElements.isEmpty && pretty { output += "\n" }
    }

    private mutating func prefix(_ key: String?) {
        if let last = hasElements.last {
            if last { output += "," }
            hasElements[hasElements.count - 1] = true
            if pretty { newline() }
        }
        if let key {
            Self.appendQuoted(key, to: &output)
            output += pretty ? ": " : ":"
        }
    }

    private mutating func newline() {
        output += "\n"
        output += String(repeating: "  ", count: hasElements.count)
    }

    static func appendQuoted(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}

/// Number formatting shared by the renderers.
enum Figures {
    /// A percentage rounded to two decimals, as the JSON schema wants it.
    static func rounded(_ percent: Double?) -> Double? {
        percent.map { ($0 * 100).rounded() / 100 }
    }

    /// Two fixed decimals without Foundation's locale-dependent formatting (`34.44`, `150.00`).
    static func fixed2(_ value: Double) -> String {
        let hundredths = Int64((abs(value) * 100).rounded())
        let fraction = hundredths % 100
        return (value < 0 && hundredths != 0 ? "-" : "") + "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
