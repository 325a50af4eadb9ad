/// A resource quantity as `kubectl describe` prints it (`Quantity.String()`: `1250m`, `2Gi`, `4294967296`,
/// `1600e-3`, `524289e3`), held exactly as a count of nano-units.
///
/// This parser is the test's own, independent of the product's `Quantity`: an oracle that shared the
/// product's parser would agree with it by construction. It accepts only what kubectl prints for
/// non-negative sums (digits, an optional fraction, one suffix) and refuses anything it cannot represent
/// exactly, so a misread can only fail the test, never round its way into agreement.
struct KubectlQuantity: Equatable, CustomStringConvertible {
    /// The exact amount in units of 10⁻⁹ (cores or bytes).
    let nanos: Int128
    /// The text kubectl printed.
    let text: String

    struct ParseError: Error, CustomStringConvertible {
        let description: String
    }

    private static let decimalSuffixes: [String: Int] = [
        "n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18,
    ]
    private static let binarySuffixes: [String: Int] = ["Ki": 10, "Mi": 20, "Gi": 30, "Ti": 40, "Pi": 50, "Ei": 60]

    init(_ text: String) throws(ParseError) {
        self.text = text
        let bytes = Array(text.utf8)
        var index = 0
        var mantissa: Int128 = 0
        var fractionDigits = 0
        var digits = 0
        var seenPoint = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                guard let next = Self.multiplyAdd(mantissa, 10, Int128(byte - UInt8(ascii: "0"))) else {
                    throw ParseError(description: "quantity \"\(text)\" is too large")
                }
                mantissa = next
                digits += 1
                if seenPoint { fractionDigits += 1 }
            } else if byte == UInt8(ascii: "."), !seenPoint {
                seenPoint = true
            } else {
                break
            }
            index += 1
        }
        guard digits > 0 else { throw ParseError(description: "quantity \"\(text)\" has no digits") }
        let suffix = String(decoding: bytes[index...], as: UTF8.self)

        // value = mantissa × 2^binaryPower × 10^decimalPower / 10^fractionDigits, in nanos: decimalPower + 9.
        var binaryPower = 0
        var decimalPower = 9 - fractionDigits
        if let power = Self.decimalSuffixes[suffix] {
            decimalPower += power
        } else if let power = Self.binarySuffixes[suffix] {
            binaryPower = power
        } else if let first = suffix.first, first == "e" || first == "E", let exponent = Int(suffix.dropFirst()),
                  suffix.dropFirst().allSatisfy({ $0.isNumber || $0 == "-" || $0 == "+" }), abs(exponent) < 40 {
            decimalPower += exponent
        } else {
            throw ParseError(description: "quantity \"\(text)\" has an unknown suffix \"\(suffix)\"")
        }
        var value = mantissa
        for _ in 0..<binaryPower {
            guard let next = Self.multiplyAdd(value, 2, 0) else {
                throw ParseError(description: "quantity \"\(text)\" is too large")
            }
            value = next
        }
        if decimalPower >= 0 {
            for _ in 0..<decimalPower {
                guard let next = Self.multiplyAdd(value, 10, 0) else {
                    throw ParseError(description: "quantity \"\(text)\" is too large")
                }
                value = next
            }
        } else {
            for _ in 0..<(-decimalPower) {
                guard value % 10 == 0 else {
                    throw ParseError(description: "quantity \"\(text)\" is finer than 1n")
                }
                value /= 10
            }
        }
        nanos = value
    }

    /// `MilliValue()`: whole millicores, rounded up as apimachinery does.
    var milliValue: Int64 { Self.ceilingDivide(nanos, 1_000_000) }

    /// `Value()`: whole units (bytes for memory), rounded up as apimachinery does.
    var value: Int64 { Self.ceilingDivide(nanos, 1_000_000_000) }

    var description: String { text }

    private static func multiplyAdd(_ value: Int128, _ factor: Int128, _ addend: Int128) -> Int128? {
        let (product, overflow) = value.multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        let (sum, overflowSum) = product.addingReportingOverflow(addend)
        return overflowSum ? nil : sum
    }

    private static func ceilingDivide(_ value: Int128, _ divisor: Int128) -> Int64 {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return Int64(quotient + (remainder > 0 ? 1 : 0))
    }
}
