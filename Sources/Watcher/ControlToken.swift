/// The bearer token that guards the service's state-changing HTTP endpoints (`[http] token_file`).
///
/// It never prints itself, and a presented token is compared in constant time: how long a wrong guess takes
/// says nothing about how much of it was right.
public struct ControlToken: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private let bytes: [UInt8]

    /// Nil for an empty token, or one with characters an `Authorization` header cannot carry (controls, spaces).
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else { return nil }
        self.bytes = bytes
    }

    /// Whether `presented` is the token; the time taken depends on the lengths only.
    public func matches(_ presented: String) -> Bool {
        let candidate = Array(presented.utf8)
        var difference = UInt8(truncatingIfNeeded: candidate.count ^ bytes.count)
        for index in 0..<max(candidate.count, bytes.count) {
            let expected = index < bytes.count ? bytes[index] : 0
            let given = index < candidate.count ? candidate[index] : 0
            difference |= expected ^ given
        }
        return difference == 0 && candidate.count == bytes.count
    }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
