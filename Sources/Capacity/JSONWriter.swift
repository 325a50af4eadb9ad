/// A streaming JSON writer with keys in the order written.
///
/// Reports for 150,000 pods are written straight into one byte buffer instead of building a tree
/// of values first (or going through `JSONEncoder`, whose key order is not the schema's). Public for the other
/// documents the service writes (the HTTP API's), so that they are formatted like the report.
public struct JSONWriter {
    private var text: TextOutput
    private let pretty: Bool
    /// One entry per open container: whether something was already written in it.
    private var hasElements: [Bool] = []

    /// A writer collecting the document, or handing it to `sink` as ``flush(ifAbove:)`` allows, so a 60 MB
    /// report never sits in memory whole.
    public init(pretty: Bool, sink: ((UnsafeRawBufferPointer) -> Void)? = nil) {
        self.pretty = pretty
        text = TextOutput(sink: sink)
    }

    /// Hands what is written so far to the sink once it exceeds `threshold` bytes (no-op without a sink).
    public mutating func flush(ifAbove threshold: Int = 1 << 16) { text.flush(ifAbove: threshold) }

    /// Hands the rest to the sink; without a sink, the whole document.
    public mutating func finish() -> String { text.finish() }

    /// Opens an object, as the value of `key` inside an object (nil inside an array or at the top).
    public mutating func beginObject(_ key: String? = nil) { open(key, UInt8(ascii: "{")) }
    /// Closes the innermost object.
    public mutating func endObject() { close(UInt8(ascii: "}")) }
    /// Opens an array, as the value of `key` inside an object (nil inside an array or at the top).
    public mutating func beginArray(_ key: String? = nil) { open(key, UInt8(ascii: "[")) }
    /// Closes the innermost array.
    public mutating func endArray() { close(UInt8(ascii: "]")) }

    /// A string, or `null` for nil.
    public mutating func string(_ key: String?, _ value: String?) {
        prefix(key)
        if let value { Self.appendQuoted(value, to: &text) } else { write("null") }
    }

    /// A whole number.
    public mutating func integer(_ key: String?, _ value: Int64) {
        prefix(key)
        write(String(value))
    }

    /// `true` or `false`.
    public mutating func bool(_ key: String?, _ value: Bool) {
        prefix(key)
        write(value ? "true" : "false")
    }

    /// A number, or `null` for nil (and for the non-finite values JSON cannot hold).
    public mutating func number(_ key: String?, _ value: Double?) {
        prefix(key)
        guard let value, value.isFinite else { write("null"); return }
        write(value.description)
    }

    private mutating func write(_ piece: String) { text.append(contentsOf: piece.utf8) }

    private mutating func open(_ key: String?, _ bracket: UInt8) {
        prefix(key)
        text.append(bracket)
        hasElements.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        let nonEmpty = hasElements.removeLast()
        if pretty && nonEmpty { newline() }
        text.append(bracket)
        if hasElements.isEmpty && pretty { text.append(UInt8(ascii: "\n")) }
    }

    private mutating func prefix(_ key: String?) {
        if let last = hasElements.last {
            if last { text.append(UInt8(ascii: ",")) }
            hasElements[hasElements.count - 1] = true
            if pretty { newline() }
        }
        if let key {
            Self.appendQuoted(key, to: &text)
            write(pretty ? ": " : ":")
        }
    }

    private mutating func newline() {
        text.append(UInt8(ascii: "\n"))
        for _ in 0..<(hasElements.count * 2) { text.append(UInt8(ascii: " ")) }
    }

    static func appendQuoted(_ string: String, to text: inout TextOutput) {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        text.append(quote)
        for byte in string.utf8 {
            switch byte {
            case quote, backslash: text.append(contentsOf: [backslash, byte])
            case UInt8(ascii: "\n"): text.append(contentsOf: [backslash, UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): text.append(contentsOf: [backslash, UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): text.append(contentsOf: [backslash, UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                text.append(contentsOf: Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: text.append(byte)
            }
        }
        text.append(quote)
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
        // Beyond 2^53 every double is a whole number, and beyond 2^63 / 100 hundredths overflow Int64 (a share
        // of absurd quantities): print the whole number, which has no decimal point for a locale to change.
        guard abs(value) < 9_007_199_254_740_992 else {
            return value.isFinite ? String(format: "%.0f", value) + ".00" : ""
        }
        let hundredths = Int64((abs(value) * 100).rounded())
        let fraction = hundredths % 100
        return (value < 0 && hundredths != 0 ? "-" : "") + "\(hundredths / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
