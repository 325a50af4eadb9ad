import Foundation

/// Durations in messages and logs as people write them: `0.37 s`, `2.5 s`, `30 s`, never Swift's
/// `0.3712963867 seconds`.
public enum DurationText {
    /// Seconds with at most two decimals, trailing zeros dropped, and a unit.
    public static func seconds(_ duration: Duration) -> String {
        let (whole, fraction) = duration.components
        let hundredths = (Double(whole) * 100 + Double(fraction) / 1e16).rounded()
        let text = String(format: "%.2f", hundredths / 100)
            .replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression)
        return "\(text) s"
    }
}
