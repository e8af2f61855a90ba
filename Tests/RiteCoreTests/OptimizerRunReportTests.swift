import RiteCore
import Testing

/// The summary of a stream of numbers and the event counts of an optimizer's run report.
@Suite struct OptimizerRunReportTests {
    @Test func summaryKeepsCountExtremesAndMean() {
        let values = [3.0, -1.5, 8.25, 0.1, 2.0]
        var summary = ValueSummary(values[0])
        for value in values.dropFirst() { summary.add(value) }
        #expect(summary.count == 5)
        #expect(summary.minimum == -1.5 && summary.maximum == 8.25)
        #expect(abs(summary.mean - values.reduce(0, +) / 5) < 1e-14)
    }

    @Test func mergedSummaryEqualsTheSummaryOfAllValues() {
        var left = ValueSummary(1)
        left.add(2)
        left.add(3)
        var right = ValueSummary(10)
        right.add(-4)
        var merged = left
        merged.merge(right)
        #expect(merged.count == 5 && merged.minimum == -4 && merged.maximum == 10)
        #expect(abs(merged.mean - 12.0 / 5) < 1e-14, "the mean is weighted by the counts (3 and 2), not the mean of the two means")
        #expect(ValueSummary.merging(nil, into: nil) == nil)
        #expect(ValueSummary.merging(right, into: nil) == right)
        #expect(ValueSummary.merging(nil, into: left) == left)
    }

    @Test func eventsCountTotalStepsAndTheFirstAndLastStep() {
        var events = OptimizerRunReport.Events()
        events.record(0, atStep: 1)
        events.record(4, atStep: 2)
        events.record(0, atStep: 3)
        events.record(1, atStep: 7)
        #expect(events == OptimizerRunReport.Events(total: 5, steps: 2, firstStep: 2, lastStep: 7))
        var report = OptimizerRunReport(steps: 7)
        #expect(!report.hasSkipsZeroedStepsOrFallbacks)
        report.clippedSteps = events
        #expect(!report.hasSkipsZeroedStepsOrFallbacks, "a clip is not a departure from the update rule")
        report.preconditionerFallbacks = events
        #expect(report.hasSkipsZeroedStepsOrFallbacks)
    }
}
