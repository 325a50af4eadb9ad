import CPodScan

/// Conversions of the scanner's byte spans.
enum TextBytes {
    /// The span's text, nil when it stands for an absent or null field.
    static func string(_ text: cps_text) -> String? {
        guard let bytes = text.bytes else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: text.length), as: UTF8.self)
    }

    static func data(_ text: cps_text) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: text.bytes, count: text.bytes == nil ? 0 : text.length)
    }
}
