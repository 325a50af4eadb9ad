/// A percentage threshold kept exactly, in thousandths of a percent, so that the strict `>` of
/// DESIGN.md 4.2 is decided on integers and never on a rounded percentage.
///
/// The executable maps the configuration's thresholds onto this type one to one (same unit), which
/// keeps this module free of the configuration layer.
public struct AlertThreshold: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The threshold in thousandths of a percent: 80.5% is 80_500.
    public var milliPercent: Int64

    public init(milliPercent: Int64) {
        self.milliPercent = milliPercent
    }

    /// A whole-percent threshold: `AlertThreshold(percent: 80)` is 80%.
    public init(percent: Int64) {
        self.init(milliPercent: percent * 1000)
    }

    /// The threshold in percent, for figures and messages only; comparisons use ``milliPercent``.
    public var percent: Double { Double(milliPercent) / 1000 }

    /// Whether `value` is strictly more than this share of `allocatable`.
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

    /// `80`, `80.5` or `0.125`: the percentage without trailing zeros.
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

    /// A percentage from figures written like a threshold: `80`, `80.5`.
    static func display(_ percent: Double) -> String {
        AlertThreshold(milliPercent: Int64((percent * 1000).rounded())).description
    }

    public static func < (lhs: AlertThreshold, rhs: AlertThreshold) -> Bool { lhs.milliPercent < rhs.milliPercent }
}
