import Testing
import Alerting

@Suite struct AlertThresholdTests {
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
        let threshold = AlertThreshold(milliPercent: example.milliPercent)
        #expect(threshold.isExceeded(by: example.value, of: example.allocatable) == example.exceeded)
    }

    @Test(arguments: [(80_000, "80"), (80_500, "80.5"), (125, "0.125"), (100_010, "100.01"), (0, "0")] as [(Int64, String)])
    func describesLikeTheConfiguration(milliPercent: Int64, text: String) {
        #expect(AlertThreshold(milliPercent: milliPercent).description == text)
    }

    @Test func percentAndWholePercentInitializer() {
        #expect(AlertThreshold(percent: 80) == AlertThreshold(milliPercent: 80_000))
        #expect(AlertThreshold(milliPercent: 80_500).percent == 80.5)
    }

    @Test func thresholdsByMeasure() {
        var thresholds = AlertThresholds(cpuRequests: AlertThreshold(percent: 70))
        thresholds[.memoryLimits] = AlertThreshold(percent: 90)
        #expect(thresholds[.cpuRequests] == AlertThreshold(percent: 70))
        #expect(thresholds[.cpuLimits] == nil)
        #expect(thresholds.memoryLimits == AlertThreshold(percent: 90))
        #expect(thresholds[.clusterUnreachable] == nil)
        #expect(AlertThresholds.off == AlertThresholds())
    }
}
