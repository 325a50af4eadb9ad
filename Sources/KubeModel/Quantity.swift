/// An exact Kubernetes `resource.Quantity`, held as a signed count of nano-units.
///
/// Parsing follows apimachinery's `ParseQuantity`: an optional sign, digits with an optional
/// fraction (`1.`, `.5` and `1.G` are all valid), then a suffix — decimal SI (`n u m k M G T P E`),
/// binary SI (`Ki Mi Gi Ti Pi Ei`) or a decimal exponent (`e3`, `E-2`, `e+6`). Magnitudes are
/// rounded up (away from zero) to 1n, so `0.1n` is `1n`; binary values are capped at 2^63-1 units
/// as apimachinery caps them. No floating point is involved anywhere.
///
/// Nano-units need more than 64 bits (16 GiB is 1.7e19 n), so the count is an `Int128`: it holds
/// ±1.7e29 whole units, far beyond any real node. Decimal quantities larger than that (`1e30`),
/// which apimachinery would accept but cannot convert to an `Int64` either, are rejected as out of range.
public struct Quantity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The exact value in units of 10^-9 (nano-cores for CPU, nano-bytes for memory).
    public var nanos: Int128

    /// A quantity of exactly `nanos` × 10^-9.
    public init(nanos: Int128) { self.nanos = nanos }

    /// A whole number of units (cores, bytes, pods…).
    public init(units: Int64) { nanos = Int128(units) * Self.nanosPerUnit }

    /// A number of thousandths (millicores).
    public init(millis: Int64) { nanos = Int128(millis) * 1_000_000 }

    /// Nothing.
    public static let zero = Quantity(nanos: 0)

    static let nanosPerUnit: Int128 = 1_000_000_000

    /// True for zero (of either sign).
    public var isZero: Bool { nanos == 0 }

    /// `ceil(q × 1000)`, rounded away from zero like apimachinery's `MilliValue()`, clamped to `Int64`.
    /// CPU figures are reported in these millicores.
    public var milliValue: Int64 { scaledRoundingAwayFromZero(divisor: 1_000_000) }

    /// `ceil(q)`, rounded away from zero like apimachinery's `Value()`, clamped to `Int64`.
    /// Memory and storage figures are reported in these bytes.
    public var value: Int64 { scaledRoundingAwayFromZero(divisor: Self.nanosPerUnit) }

    private func scaledRoundingAwayFromZero(divisor: Int128) -> Int64 {
        var quotient = nanos / divisor
        if nanos % divisor != 0 { quotient += nanos > 0 ? 1 : -1 }
        if quotient > Int128(Int64.max) { return .max }
        if quotient < Int128(Int64.min) { return .min }
        return Int64(quotient)
    }

    /// Numeric order.
    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.nanos < rhs.nanos }

    /// Exact sum; saturates instead of trapping (a sum beyond 10^29 units is already absurd).
    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity {
        let (sum, overflow) = lhs.nanos.addingReportingOverflow(rhs.nanos)
        guard overflow else { return Quantity(nanos: sum) }
        return Quantity(nanos: rhs.nanos > 0 ? .max : .min)
    }

    /// Adds in place, saturating like `+`.
    public static func += (lhs: inout Quantity, rhs: Quantity) { lhs = lhs + rhs }

    /// A compact exact rendering with the largest decimal suffix that loses nothing (`1500m`, `2`, `5n`).
    public var description: String {
        for (divisor, suffix) in [(Self.nanosPerUnit, ""), (1_000_000, "m"), (1_000, "u")] where nanos % divisor == 0 {
            return "\(nanos / divisor)\(suffix)"
        }
        return "\(nanos)n"
    }
}

extension Quantity {
    /// Parses Kubernetes quantity text exactly as apimachinery's `ParseQuantity` does (see the type's
    /// documentation); surrounding whitespace is an error, as it is there.
    public init(parsing text: String) throws(QuantityParseError) {
        var copy = text
        let result = copy.withUTF8 { QuantityParser.parse($0) }
        switch result {
        case .success(let quantity): self = quantity
        case .failure(let error): throw error
        }
    }

    /// The parsed quantity, or nil when `text` is not a valid quantity.
    public static func parse(_ text: String) -> Quantity? { try? Quantity(parsing: text) }
}

/// Why a quantity string was rejected.
public enum QuantityParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The empty string.
    case empty
    /// Not `<sign><digits>[.<digits>]<suffix>`, e.g. `KB`, `1 `, `1.1.M`.
    case malformed
    /// A suffix apimachinery does not know, e.g. `K`, `mi`, `1e`.
    case unknownSuffix(String)
    /// Beyond what this implementation holds exactly (see ``Quantity``).
    case outOfRange

    /// The reason in words, as it appears in capacity issues.
    public var description: String {
        switch self {
        case .empty: "empty quantity"
        case .malformed: "quantities must match <sign><digits>[.<digits>]<suffix>"
        case .unknownSuffix(let suffix): "unknown quantity suffix \"\(suffix)\""
        case .outOfRange: "quantity out of range"
        }
    }
}
