/// The scanner and exact arithmetic behind ``Quantity/init(parsing:)``, working on UTF-8 bytes.
enum QuantityParser {
    private static let zero = UInt8(ascii: "0"), nine = UInt8(ascii: "9")
    private static let plus = UInt8(ascii: "+"), minus = UInt8(ascii: "-"), dot = UInt8(ascii: ".")
    /// Characters apimachinery's scanner accepts at the start of a suffix (`eEinumkKMGTP`).
    private static func isSuffixCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "e"), UInt8(ascii: "E"), UInt8(ascii: "i"), UInt8(ascii: "n"), UInt8(ascii: "u"),
             UInt8(ascii: "m"), UInt8(ascii: "k"), UInt8(ascii: "K"), UInt8(ascii: "M"), UInt8(ascii: "G"),
             UInt8(ascii: "T"), UInt8(ascii: "P"): true
        default: false
        }
    }

    /// 10^k for k in 0...38, the powers that fit an `Int128`.
    static let powersOfTen: [Int128] = {
        var powers: [Int128] = [1]
        for _ in 1...38 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()

    /// The binary cap: apimachinery never lets a binary-SI quantity exceed 2^63-1 units.
    private static let maxBinaryNanos = Int128(Int64.max) * Quantity.nanosPerUnit

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= nine }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Quantity, QuantityParseError> {
        let end = bytes.count
        guard end > 0 else { return .failure(.empty) }
        var pos = 0
        var negative = false
        if bytes[0] == minus { negative = true; pos = 1 } else if bytes[0] == plus { pos = 1 }
        while pos < end, bytes[pos] == zero { pos += 1 }
        // A sign, zeros, or nothing at all: apimachinery reads these as zero.
        if pos == end { return .success(.zero) }

        let integerDigits = pos..<scanDigits(bytes, from: pos)
        pos = integerDigits.upperBound
        var fractionDigits = pos..<pos
        if pos < end, bytes[pos] == dot {
            fractionDigits = (pos + 1)..<scanDigits(bytes, from: pos + 1)
            pos = fractionDigits.upperBound
        }
        guard let suffixStart = scanSuffix(bytes, from: pos) else { return .failure(.malformed) }
        let suffixBytes = UnsafeBufferPointer(rebasing: bytes[suffixStart..<end])
        guard let suffix = QuantitySuffix(suffixBytes) else {
            return .failure(.unknownSuffix(String(decoding: suffixBytes, as: UTF8.self)))
        }
        return magnitude(bytes, integerDigits, fractionDigits, suffix).map {
            Quantity(nanos: negative ? -$0 : $0)
        }
    }

    private static func scanDigits(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var pos = start
        while pos < bytes.count, isDigit(bytes[pos]) { pos += 1 }
        return pos
    }

    /// apimachinery's suffix grammar: suffix letters, then an optional sign, then digits, then the end.
    /// Returns where the suffix starts, or nil when anything follows it.
    private static func scanSuffix(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var pos = start
        while pos < bytes.count, isSuffixCharacter(bytes[pos]) { pos += 1 }
        if pos < bytes.count, bytes[pos] == plus || bytes[pos] == minus { pos += 1 }
        pos = scanDigits(bytes, from: pos)
        return pos == bytes.count ? start : nil
    }

    /// The absolute value in nanos, rounded up to 1n (capped for binary suffixes).
    private static func magnitude(_ bytes: UnsafeBufferPointer<UInt8>, _ integerDigits: Range<Int>,
                                  _ fractionDigits: Range<Int>, _ suffix: QuantitySuffix)
        -> Result<Int128, QuantityParseError> {
        // Trailing fraction zeros change nothing and would only risk overflowing the digit count.
        var fraction = fractionDigits
        while !fraction.isEmpty, bytes[fraction.upperBound - 1] == zero { fraction = fraction.lowerBound..<(fraction.upperBound - 1) }

        var digits: Int128 = 0
        guard accumulate(bytes, integerDigits, into: &digits), accumulate(bytes, fraction, into: &digits) else {
            return overflow(suffix)
        }
        let exponent = Int(suffix.decimalExponent) - fraction.count + 9
        let result = exponent >= 0
            ? scaleUp(digits, exponent: exponent, binaryShift: suffix.binaryShift)
            : scaleDown(digits, exponent: -exponent, binaryShift: suffix.binaryShift)
        guard let nanos = result else { return overflow(suffix) }
        if suffix.binaryShift > 0, nanos > maxBinaryNanos { return .success(maxBinaryNanos) }
        return .success(nanos)
    }

    /// Appends decimal digits to `value`; false on overflow.
    private static func accumulate(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into value: inout Int128) -> Bool {
        for index in range {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(Int128(bytes[index] - zero))
            if o1 || o2 { return false }
            value = next
        }
        return true
    }

    private static func overflow(_ suffix: QuantitySuffix) -> Result<Int128, QuantityParseError> {
        suffix.binaryShift > 0 ? .success(maxBinaryNanos) : .failure(.outOfRange)
    }

    /// digits × 10^exponent × 2^shift, nil on overflow.
    private static func scaleUp(_ digits: Int128, exponent: Int, binaryShift: Int) -> Int128? {
        guard digits != 0 else { return 0 }
        guard exponent < powersOfTen.count else { return nil }
        let (scaled, o1) = digits.multipliedReportingOverflow(by: powersOfTen[exponent])
        let (shifted, o2) = scaled.multipliedReportingOverflow(by: Int128(1) << binaryShift)
        return o1 || o2 ? nil : shifted
    }

    /// ceil(digits × 2^shift / 10^exponent): the round-up-to-1n rule, nil on overflow.
    private static func scaleDown(_ digits: Int128, exponent: Int, binaryShift: Int) -> Int128? {
        let (shifted, o) = digits.multipliedReportingOverflow(by: Int128(1) << binaryShift)
        if o { return nil }
        guard exponent < powersOfTen.count else { return shifted == 0 ? 0 : 1 }
        let divisor = powersOfTen[exponent]
        return shifted / divisor + (shifted % divisor == 0 ? 0 : 1)
    }
}

/// A parsed suffix: a power of ten (decimal SI or exponent) or a power of two (binary SI).
struct QuantitySuffix {
    var decimalExponent: Int32 = 0
    var binaryShift: Int = 0

    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        // Matched on bytes: this runs for every quantity of every pod.
        switch bytes.count {
        case 0: return
        case 1:
            switch bytes[0] {
            case UInt8(ascii: "n"): decimalExponent = -9
            case UInt8(ascii: "u"): decimalExponent = -6
            case UInt8(ascii: "m"): decimalExponent = -3
            case UInt8(ascii: "k"): decimalExponent = 3
            case UInt8(ascii: "M"): decimalExponent = 6
            case UInt8(ascii: "G"): decimalExponent = 9
            case UInt8(ascii: "T"): decimalExponent = 12
            case UInt8(ascii: "P"): decimalExponent = 15
            case UInt8(ascii: "E"): decimalExponent = 18
            default: return nil
            }
            return
        case 2 where bytes[1] == UInt8(ascii: "i"):
            switch bytes[0] {
            case UInt8(ascii: "K"): binaryShift = 10
            case UInt8(ascii: "M"): binaryShift = 20
            case UInt8(ascii: "G"): binaryShift = 30
            case UInt8(ascii: "T"): binaryShift = 40
            case UInt8(ascii: "P"): binaryShift = 50
            case UInt8(ascii: "E"): binaryShift = 60
            default: return nil
            }
            return
        default:
            guard bytes[0] == UInt8(ascii: "e") || bytes[0] == UInt8(ascii: "E") else { return nil }
            // Like strconv.ParseInt: optional sign, at least one digit; exponents outside Int32 are
            // rejected (recent apimachinery) rather than truncated (older releases).
            guard let exponent = Int32(String(decoding: UnsafeBufferPointer(rebasing: bytes[1...]), as: UTF8.self)),
                  exponent != .min else { return nil }
            decimalExponent = exponent
        }
    }
}
