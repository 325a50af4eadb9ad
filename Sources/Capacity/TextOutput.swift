/// UTF-8 output handed to a sink in pieces of about 64 KB, or collected whole when there is no sink: a
/// report of 150,000 pods is tens of MB in any format and need not exist in memory at once.
///
/// The buffer under every renderer: ``JSONWriter`` appends bytes and flushes between objects, the table and
/// CSV renderers write whole lines.
struct TextOutput {
    /// Appending bytes is cheaper than growing a `String` piece by piece.
    private var bytes: [UInt8] = []
    private let sink: ((UnsafeRawBufferPointer) -> Void)?

    init(sink: ((UnsafeRawBufferPointer) -> Void)? = nil) {
        self.sink = sink
        bytes.reserveCapacity(1 << 16)
    }

    mutating func append(_ byte: UInt8) { bytes.append(byte) }

    mutating func append(contentsOf text: some Sequence<UInt8>) { bytes.append(contentsOf: text) }

    /// Appends a piece that may end a unit (a line), handing the buffer over once it is large.
    mutating func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        flush(ifAbove: 1 << 16)
    }

    /// Hands what is written so far to the sink once it exceeds `threshold` bytes (no-op without a sink).
    mutating func flush(ifAbove threshold: Int = 1 << 16) {
        guard let sink, bytes.count > threshold else { return }
        bytes.withUnsafeBytes(sink)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Hands the rest to the sink; without a sink, the whole text.
    mutating func finish() -> String {
        guard sink != nil else { return String(decoding: bytes, as: UTF8.self) }
        flush(ifAbove: 0)
        return ""
    }
}
