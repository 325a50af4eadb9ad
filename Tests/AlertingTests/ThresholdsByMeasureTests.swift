import Capacity
import Testing
import Alerting

@Suite struct ThresholdsByMeasureTests {
    @Test func thresholdsByMeasure() {
        var thresholds = Thresholds(cpuRequests: Threshold(percent: 70))
        thresholds[.memoryLimits] = Threshold(percent: 90)
        #expect(thresholds[.cpuRequests] == Threshold(percent: 70))
        #expect(thresholds[.cpuLimits] == nil)
        #expect(thresholds.memoryLimits == Threshold(percent: 90))
        #expect(thresholds[.clusterUnreachable] == nil)
        #expect(Thresholds.off == Thresholds())
    }

    /// A message's `>` or `<=` is the evaluator's decision: 7m of 100m is 7.000000000000001 % in Double.
    @Test func figuresSayWhetherTheyExceedAsTheEvaluatorDecides() {
        let exact = AlertFigures(value: 7, allocatable: 100, percent: 7.0 / 100 * 100, threshold: 7, resource: .cpu)
        #expect(exact.percent > exact.threshold)
        #expect(!exact.exceedsThreshold)
        #expect(AlertFigures(value: 801, allocatable: 1000, percent: 80.1, threshold: 80.1, resource: .cpu).exceedsThreshold == false)
        #expect(AlertFigures(value: 8011, allocatable: 10000, percent: 80.11, threshold: 80.1, resource: .cpu).exceedsThreshold)
        // A threshold no Threshold holds (a damaged state file) falls back to the recorded percentages.
        #expect(AlertFigures(value: 1, allocatable: 1, percent: 100, threshold: -.infinity, resource: .cpu).exceedsThreshold)
    }
}
