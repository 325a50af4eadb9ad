import CPodScan

/// Swift strings for the scanner's interned symbols, converted once per distinct text and then shared:
/// a namespace or node name repeated by thousands of pods costs one String, not thousands.
struct SymbolCache {
    private var strings: [String] = [""]
    private var generation: UInt64 = 0

    /// Catches up with the scanner's table after a scan.
    mutating func update(from page: cps_page) {
        if page.symbol_generation != generation {
            strings = [""]
            generation = page.symbol_generation
        }
        guard page.symbol_count > strings.count, let symbols = page.symbols else { return }
        strings.reserveCapacity(page.symbol_count)
        for index in strings.count..<page.symbol_count {
            strings.append(TextBytes.string(symbols[index]) ?? "")
        }
    }

    /// The text of `symbol`, nil for 0 (absent or null).
    subscript(symbol: cps_symbol) -> String? {
        symbol == 0 ? nil : strings[Int(symbol)]
    }
}
