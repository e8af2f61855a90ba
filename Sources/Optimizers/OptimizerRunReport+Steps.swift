import RiteCore

extension OptimizerRunReport {
    /// Adds the report of the optimizer step taken at training step `step` (from 1, in order).
    public mutating func add(_ report: OptimizerStepReport, atStep step: Int) {
        steps += 1
        skippedFactors.record(report.skippedFactors, atStep: step)
        zeroedPreconditionedSteps.record(report.zeroedPreconditionedSteps, atStep: step)
        preconditionerFallbacks.record(report.preconditionerFallbacks, atStep: step)
        clippedSteps.record(report.clipped ? 1 : 0, atStep: step)
        internalGradientNorm = ValueSummary.merging(report.internalGradientNorm.map(ValueSummary.init), into: internalGradientNorm)
        trustRatio = ValueSummary.merging(report.trustRatios, into: trustRatio)
    }
}
