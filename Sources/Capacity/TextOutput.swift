/// Text handed to a sink in pieces of about 64 KB, or collected whole when there is no sink: a table or
/// CSV of 150,000 pods is tens of MB and need not exist in memory at once.
struct TextOutput {
    private var bytes: [UInt8] = []
    private let sink: ((UnsafeRawBufferPointer) -> Void)?

    init(sink: ((UnsafeRawBufferPointer) -> Void)? = nil) {
        self.sink = sink
        bytes.reserveCapacity(1 << 16)
    }

    mutating func write(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        if sink != nil, bytes.count > 1 << 16 { flush() }
    }

    /// Hands the rest to the sink; without a sink, the whole text.
    mutating func finish() -> String {
        guard sink != nil else { return String(decoding: bytes, as: UTF8.self) }
        flush()
        return ""
    }

    private mutating func flush() {
        guard let sink, !bytes.isEmpty else { return }
        bytes.withUnsafeBytes(sink)
        bytes.removeAll(keepingCapacity: true)
    }
}
