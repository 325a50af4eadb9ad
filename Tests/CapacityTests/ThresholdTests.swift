import Testing
import Capacity

@Suite struct ThresholdTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var value: Int64
        var allocatable: Int64
        var milliPercent: Int64
        var exceeded: Bool
        var why: String
        var testDescription: String { why }
    }

    static let cases: [Case] = [
        Case(value: 800, allocatable: 1000, milliPercent: 80_000, exceeded: false, why: "80.000% against 80 is not over"),
        Case(value: 80_001, allocatable: 100_000, milliPercent: 80_000, exceeded: true, why: "80.001% against 80 is over"),
        Case(value: 801, allocatable: 1000, milliPercent: 80_000, exceeded: true, why: "80.1% against 80"),
        Case(value: 12_800_000_000, allocatable: 16_000_000_000, milliPercent: 80_000, exceeded: false,
             why: "memory exactly 80%"),
        Case(value: 12_800_160_000, allocatable: 16_000_000_000, milliPercent: 80_000, exceeded: true,
             why: "memory 80.001%"),
        Case(value: 805, allocatable: 1000, milliPercent: 80_500, exceeded: false, why: "80.5% against 80.5"),
        Case(value: 80_501, allocatable: 100_000, milliPercent: 80_500, exceeded: true, why: "80.501% against 80.5"),
        // 7 / 100 × 100 is 7.000000000000001 in Double: a floating-point comparison would alert here.
        Case(value: 7, allocatable: 100, milliPercent: 7000, exceeded: false, why: "7% where Double division overshoots"),
        Case(value: 1500, allocatable: 1000, milliPercent: 100_000, exceeded: true, why: "over-committed 150% against 100"),
        Case(value: 0, allocatable: 1000, milliPercent: 0, exceeded: false, why: "zero against a zero threshold"),
        Case(value: 1, allocatable: 1000, milliPercent: 0, exceeded: true, why: "anything against a zero threshold"),
        Case(value: 500, allocatable: 0, milliPercent: 10_000, exceeded: false, why: "zero allocatable never breaches"),
        Case(value: 500, allocatable: -1, milliPercent: 10_000, exceeded: false, why: "negative allocatable never breaches"),
        Case(value: .max, allocatable: .max, milliPercent: 100_000, exceeded: false, why: "100% of Int64.max, no overflow"),
        Case(value: .max, allocatable: .max - 1, milliPercent: 100_000, exceeded: true, why: "just over 100% of a huge figure"),
        Case(value: .max, allocatable: .max, milliPercent: 1_000_000, exceeded: false, why: "threshold 1000%"),
    ]

    @Test(arguments: cases)
    func strictGreaterThanOnExactFigures(_ example: Case) {
        let threshold = Threshold(milliPercent: example.milliPercent)
        #expect(threshold.isExceeded(by: example.value, of: example.allocatable) == example.exceeded)
    }

    @Test(arguments: [(80_000, "80"), (80_500, "80.5"), (125, "0.125"), (100_010, "100.01"), (0, "0")] as [(Int64, String)])
    func describesLikeTheConfiguration(milliPercent: Int64, text: String) {
        #expect(Threshold(milliPercent: milliPercent).description == text)
    }

    @Test func percentAndWholePercentInitializer() {
        #expect(Threshold(percent: 80) == Threshold(milliPercent: 80_000))
        #expect(Threshold(milliPercent: 80_500).percent == 80.5)
    }

    @Test(arguments: [("80", 80_000), ("80.5", 80_500), ("0.125", 125), ("0", 0), ("1000", 1_000_000), ("007.10", 7_100)]
          as [(String, Int64)])
    func parsesWhatTheConfigurationAccepts(text: String, milliPercent: Int64) {
        #expect(Threshold(parsing: text) == Threshold(milliPercent: milliPercent))
    }

    @Test(arguments: ["", ".5", "80.", "80.1234", "1000.001", "1001", "-1", "+5", "8O", "80,5", "1e2", "٣", " 80", "99999999999999999999"])
    func refusesEverythingElse(text: String) {
        #expect(Threshold(parsing: text) == nil)
    }

    @Test(arguments: [80_000, 80_500, 125, 1_000_000, 0] as [Int64])
    func descriptionParsesBack(milliPercent: Int64) {
        let threshold = Threshold(milliPercent: milliPercent)
        #expect(Threshold(parsing: threshold.description) == threshold)
    }

    @Test func nearestRoundsARecordedPercentAndRefusesWhatNoThresholdHolds() {
        #expect(Threshold(nearest: 80.5) == Threshold(milliPercent: 80_500))
        #expect(Threshold(nearest: 76.54) == Threshold(milliPercent: 76_540))
        #expect(Threshold(nearest: Threshold(milliPercent: 333).percent) == Threshold(milliPercent: 333))
        #expect(Threshold(nearest: .nan) == nil)
        #expect(Threshold(nearest: .infinity) == nil)
        #expect(Threshold(nearest: 1e300) == nil)
    }
}
