/// A percentage threshold kept exactly, in thousandths of a percent, so that the strict `>` of the
/// configuration (DESIGN.md 4.2) is decided on integers and never on a rounded percentage.
///
/// The one threshold type: the configuration parses `cpu_request_threshold` and its siblings straight into
/// it, the alert evaluator and the table's `!` mark both decide with ``isExceeded(by:of:)``.
public struct Threshold: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The threshold in thousandths of a percent: 80.5% is 80_500.
    public var milliPercent: Int64

    /// The highest threshold a configuration may give: 1000%.
    public static let maximum = Threshold(percent: 1000)

    public init(milliPercent: Int64) {
        self.milliPercent = milliPercent
    }

    /// A whole-percent threshold: `Threshold(percent: 80)` is 80%.
    public init(percent: Int64) {
        self.init(milliPercent: percent * 1000)
    }

    /// Parses `80`, `80.5` or `0.125`: 0 to ``maximum``, at most three decimals, digits and one dot only.
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
        guard value <= Self.maximum.milliPercent else { return nil }
        milliPercent = value
    }

    /// The threshold nearest to `percent` (a figure recorded as a Double, such as an alert's), nil when
    /// `percent` is not a finite number a threshold can hold.
    public init?(nearest percent: Double) {
        let milli = (percent * 1000).rounded()
        // Int64(_:) traps outside its range; ±2^62 leaves room for the rounding above.
        guard milli.isFinite, abs(milli) < 0x1p62 else { return nil }
        self.init(milliPercent: Int64(milli))
    }

    /// The threshold in percent, for figures and messages only; comparisons use ``milliPercent``.
    public var percent: Double { Double(milliPercent) / 1000 }

    /// Whether `value` is strictly more than this share of `allocatable`: the one comparison of a figure with
    /// a threshold, used by alerts and by the table's mark alike.
    ///
    /// Decided as `value × 100 000 > milliPercent × allocatable` on 128-bit products, so 80.000% against
    /// 80 is not a breach and 80.001% is, whatever the magnitudes. No allocatable (zero or negative)
    /// means there is nothing to take a share of: never a breach, and no division.
    public func isExceeded(by value: Int64, of allocatable: Int64) -> Bool {
        guard allocatable > 0 else { return false }
        let share = value.multipliedFullWidth(by: 100_000)
        let limit = milliPercent.multipliedFullWidth(by: allocatable)
        return (share.high, share.low) > (limit.high, limit.low)
    }

    /// `80`, `80.5` or `0.125`: the percentage without trailing zeros, as the configuration writes it.
    public var description: String {
        let sign = milliPercent < 0 ? "-" : ""
        let magnitude = milliPercent.magnitude
        let whole = magnitude / 1000, fraction = magnitude % 1000
        guard fraction != 0 else { return "\(sign)\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(sign)\(whole).\(digits)"
    }

    public static func < (lhs: Threshold, rhs: Threshold) -> Bool { lhs.milliPercent < rhs.milliPercent }
}
