/// The whole percentage `kubectl describe node` prints for a share of allocatable, for the table.
///
/// kubectl computes `int64(float64(part) / float64(whole) * 100)` on the integers it shows (`MilliValue()` for
/// CPU, `Value()` for memory), both under "Allocated resources" and in the pod rows. That float arithmetic is
/// not exact truncation: 290m of 1000m is `0.29 * 100 = 28.999999999999996`, printed `28%`, where the exact
/// share is 29 %. The table reproduces it step for step (IEEE doubles round the same in Swift and Go), so a
/// person comparing the two sees the same number; JSON, CSV and alert thresholds keep the exact share.
public enum KubectlPercent {
    /// kubectl's integer percentage of `part` in `whole`; nil when `whole` is zero (kubectl prints 0 % under
    /// "Allocated resources" and a garbage number in pod rows; the table prints `n/a`).
    ///
    /// Go's `int64()` of a float beyond the `Int64` range is undefined (amd64 gives `Int64.min`); Swift's
    /// traps, so such a share (only reachable with absurd quantities) is clamped to the range instead.
    public static func of(_ part: Int64, in whole: Int64) -> Int64? {
        guard whole != 0 else { return nil }
        let share = Double(part) / Double(whole) * 100
        // 2^63 is exactly representable; every double below it converts without trapping.
        if share >= 9_223_372_036_854_775_808.0 { return .max }
        if share < -9_223_372_036_854_775_808.0 { return .min }
        return Int64(share)
    }
}
