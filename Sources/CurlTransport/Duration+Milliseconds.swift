extension Duration {
    /// Whole milliseconds, never negative: what libcurl's `*_MS` options take (where 0 means no limit).
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        return max(0, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }
}
