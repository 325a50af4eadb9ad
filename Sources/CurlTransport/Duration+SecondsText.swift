extension Duration {
    /// `0.37 s`, `2 s`, `30 s`: a delay or timeout as log lines and messages print it, rounded to hundredths
    /// (Duration's own description prints seventeen decimals and "seconds").
    public var secondsText: String {
        let parts = components
        let hundredths = (Double(parts.seconds) + Double(parts.attoseconds) / 1e18) * 100
        guard hundredths.isFinite, abs(hundredths) < 1e15 else { return "\(parts.seconds) s" }
        let rounded = Int64(hundredths.rounded())
        let whole = rounded / 100, fraction = abs(rounded % 100)
        let sign = rounded < 0 && whole == 0 ? "-" : ""
        if fraction == 0 { return "\(sign)\(whole) s" }
        let digits = fraction % 10 == 0 ? "\(fraction / 10)" : (fraction < 10 ? "0\(fraction)" : "\(fraction)")
        return "\(sign)\(whole).\(digits) s"
    }
}
