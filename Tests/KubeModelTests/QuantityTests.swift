import Testing
@testable import KubeModel

/// Expectations from apimachinery's `TestQuantityParse` tables, converted by hand to nano-units.
@Suite struct QuantityParsingTests {
    static let giga: Int128 = 1_000_000_000
    static let maxBinary = Int128(Int64.max) * giga

    static let valid: [(String, Int128)] = [
        ("0", 0), ("0n", 0), ("0u", 0), ("0m", 0), ("0Ki", 0), ("0k", 0), ("0Mi", 0), ("0T", 0), ("00", 0),
        ("1", giga), ("9", 9 * giga),
        // binary suffixes
        ("1Ki", 1024 * giga), ("8Ki", 8 * 1024 * giga), ("7Mi", 7 * 1_048_576 * giga),
        ("6Gi", 6 * 1_073_741_824 * giga), ("5Ti", 5 * 1_099_511_627_776 * giga),
        ("4Pi", 4 * 1_125_899_906_842_624 * giga), ("3Ei", 3 * 1_152_921_504_606_846_976 * giga),
        // decimal suffixes
        ("5n", 5), ("4u", 4_000), ("3m", 3_000_000), ("8k", 8_000 * giga), ("50k", 50_000 * giga),
        ("7M", 7_000_000 * giga), ("6G", 6_000_000_000 * giga), ("5T", 5_000_000_000_000 * giga),
        ("2P", 2_000_000_000_000_000 * giga), ("1E", 1_000_000_000_000_000_000 * giga),
        // decimal exponents
        ("1E-3", 1_000_000), ("1e3", 1_000 * giga), ("1E6", 1_000_000 * giga), ("1e9", 1_000_000_000 * giga),
        ("1e+3", 1_000 * giga), ("1.2e3", 1_200 * giga), ("1.3E+6", 1_300_000 * giga), ("0.5e-1", 50_000_000),
        ("0.5e0", 500_000_000), ("1.7E18", 1_700_000_000_000_000_000 * giga),
        // fractions
        ("100.035k", 100_035 * giga), ("0.001", 1_000_000), ("0.0005k", 500_000_000), ("0.5", 500_000_000),
        ("0.00500", 5_000_000), ("10.035M", 10_035_000 * giga), ("9.01", 9_010_000_000),
        ("6.987654321G", 6_987_654_321 * giga), ("2.5P", 2_500_000_000_000_000 * giga),
        // rounding up to 1n
        ("3.001n", 4), ("1.1E-9", 2), ("0.0000000001", 1), ("0.0000000005", 1), ("0.5e-9", 1), ("0.9n", 1),
        ("0.00000012345", 124), ("0.00000012354", 124), ("1e-40", 1),
        // binary values above 2^63-1 units are capped; decimal ones are not
        ("9Ei", maxBinary), ("9223372036854775807Ki", maxBinary), ("12E", 12_000_000_000_000_000_000 * giga),
        // fractional binary
        ("100.035Ki", 102_435_840_000_000), ("0.5Mi", 524_288 * giga), ("0.05Gi", 53_687_091_200_000_000),
        ("0.025Ti", 27_487_790_694_400_000_000), ("1.5Gi", 1_610_612_736 * giga),
        // "things written by trolls" that apimachinery accepts
        ("0.000000000001Ki", 2), (".001", 1_000_000), (".0001k", 100_000_000), ("1.", giga), ("1.G", giga * giga),
        (".5", 500_000_000), (".", 0), ("+", 0), ("-", 0), ("Ki", 0), ("1.000000000000000000000000000000000000000000", giga),
        // signs: magnitudes round away from zero
        ("+1", giga), ("-1", -giga), ("-3.001n", -4), ("-1.5Gi", -1_610_612_736 * giga), ("-0", 0), ("-100m", -100_000_000),
    ]

    @Test(arguments: valid)
    func parsesLikeApimachinery(input: String, nanos: Int128) throws {
        #expect(try Quantity(parsing: input).nanos == nanos)
    }

    static let invalid: [(String, QuantityParseError)] = [
        ("", .empty),
        ("1.1.M", .malformed), ("1+1.0M", .malformed), ("aoeu", .malformed), ("KB", .malformed), ("1KB", .malformed),
        (" 1", .malformed), ("1 ", .malformed), ("1 Gi", .malformed), ("\t1", .malformed), ("1e3.5", .malformed),
        ("0.1mi", .unknownSuffix("mi")), ("0.1am", .malformed), (".5i", .unknownSuffix("i")), ("1i", .unknownSuffix("i")),
        ("-3.01i", .unknownSuffix("i")), ("-3.01e-", .unknownSuffix("e-")), ("K", .unknownSuffix("K")),
        ("1K", .unknownSuffix("K")), ("1e", .unknownSuffix("e")), ("1ee3", .unknownSuffix("ee3")),
        ("1Kii", .unknownSuffix("Kii")), ("1e4294967297", .unknownSuffix("e4294967297")),
        ("1e30", .outOfRange), ("1000000000000000000000000000000", .outOfRange),
    ]

    @Test(arguments: invalid)
    func rejectsWhatApimachineryRejects(input: String, error: QuantityParseError) {
        #expect(throws: error) { try Quantity(parsing: input) }
        #expect(Quantity.parse(input) == nil)
    }
}

@Suite struct QuantityConversionTests {
    private func q(_ text: String) -> Quantity { Quantity.parse(text)! }

    @Test func decimalAndBinaryFormsCompareExactly() {
        #expect(q("0.1") == q("100m"))
        #expect(q("1G") != q("1Gi"))
        #expect(q("1G") < q("1Gi"))
        #expect(q("1e3") == q("1k"))
        #expect(q("1024Mi") == q("1Gi"))
        #expect(q("1000M") == q("1G"))
        #expect(q(".5") == q("500m"))
    }

    static let milliValues: [(String, Int64)] = [
        ("1", 1_000), ("250m", 250), ("0.1", 100), ("1.5", 1_500), ("100n", 1), ("1n", 1), ("1u", 1),
        ("1001u", 2), ("3920m", 3_920), ("1e3", 1_000_000), ("0", 0), ("-1n", -1), ("-1500m", -1_500),
    ]

    @Test(arguments: milliValues)
    func milliValueRoundsUp(input: String, expected: Int64) {
        #expect(q(input).milliValue == expected)
    }

    static let values: [(String, Int64)] = [
        ("1Gi", 1_073_741_824), ("1G", 1_000_000_000), ("1.5Gi", 1_610_612_736), ("16Gi", 17_179_869_184),
        ("1500m", 2), ("1n", 1), ("0.5", 1), ("100.035Ki", 102_436), ("-1500m", -2), ("12E", Int64.max),
        ("9Ei", Int64.max), ("3Ei", 3_458_764_513_820_540_928), ("7Mi", 7_340_032),
    ]

    @Test(arguments: values)
    func valueRoundsUpAndClamps(input: String, expected: Int64) {
        #expect(q(input).value == expected)
    }

    @Test func sumsAreExactBeforeRounding() {
        // 0.5m + 0.5m is exactly 1m; rounding each first would give 2m.
        #expect((q("500u") + q("500u")).milliValue == 1)
        #expect((q("1Gi") + q("1G")).value == 2_073_741_824)
        var total = Quantity.zero
        for _ in 0..<3 { total += q("0.1") }
        #expect(total == q("300m"))
    }

    @Test func additionSaturatesInsteadOfTrapping() {
        let huge = Quantity(nanos: .max - 1)
        #expect((huge + q("1")).nanos == .max)
    }

    @Test func constructorsAndDescription() {
        #expect(Quantity(millis: 1_500) == q("1.5"))
        #expect(Quantity(units: 2) == q("2"))
        #expect(Quantity(millis: 1_500).description == "1500m")
        #expect(q("2").description == "2")
        #expect(q("5n").description == "5n")
        #expect(q("4u").description == "4u")
        #expect(q("1Ki").description == "1024")
    }
}
