/// A percentage threshold kept exactly, in thousandths of a percent, so `>` compares without rounding.
public struct Threshold: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The threshold in thousandths of a percent: 80.5% is 80_500.
    public var milliPercent: Int64

    public init(milliPercent: Int64) { self.milliPercent = milliPercent }

    /// Parses `80`, `80.5` or `0.125`: 0 to 1000, at most three decimals.
    public init?(parsing raw: String) {
        let parts = raw.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCII),
              whole.allSatisfy(\.isNumber), let wholeValue = Int64(whole), wholeValue <= 1000 else { return nil }
        var fraction: Int64 = 0
        if parts.count == 2 {
            let digits = parts[1]
            guard !digits.isEmpty, digits.count <= 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            fraction = Int64(digits.padding(toLength: 3, withPad: "0", startingAt: 0))!
        }
        // wholeValue is at most 1000 here, so the product cannot overflow.
        let value = wholeValue * 1000 + fraction
        guard value <= 1_000_000 else { return nil }
        milliPercent = value
    }

    /// The threshold as a percentage (for display and JSON only; comparisons use ``milliPercent``).
    public var percent: Double { Double(milliPercent) / 1000 }

    public var description: String {
        let whole = milliPercent / 1000, fraction = milliPercent % 1000
        guard fraction != 0 else { return "\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)"
    }

    public static func < (lhs: Threshold, rhs: Threshold) -> Bool { lhs.milliPercent < rhs.milliPercent }
}
