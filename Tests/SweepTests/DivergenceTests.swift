@testable import Sweep
import Testing

@Suite struct DivergenceTests {
    func report(_ step: Int, _ loss: Double) -> StepReport {
        StepReport(step: step, trainLoss: loss, learningRate: 1e-3, pairs: [PairNorms(name: "p", a: 1, b: 1, deltaA: 0, deltaB: 0)])
    }

    @Test func nonFiniteLossDivergesAtOnce() {
        var monitor = DivergenceRule().monitor()
        #expect(monitor.observe(report(1, 2)) == nil)
        #expect(monitor.observe(report(2, .nan)) == "training loss is nan at step 2")
        var other = DivergenceRule().monitor()
        #expect(other.observe(report(1, .infinity)) == "training loss is inf at step 1")
        var norms = DivergenceRule().monitor()
        let bad = StepReport(step: 3, trainLoss: 1, learningRate: 1e-3, pairs: [PairNorms(name: "layer1.k", a: .nan, b: 1, deltaA: 0, deltaB: 0)])
        #expect(norms.observe(bad) == "a LoRA norm of layer1.k is not finite at step 3")
    }

    @Test func lossAboveFourTimesTheReferenceDiverges() {
        var monitor = DivergenceRule().monitor()
        // Reference: mean of steps 1...10 = 2.0 (values 1.5 and 2.5 alternate); spikes during them are not judged.
        for step in 1 ... 10 { #expect(monitor.observe(report(step, step % 2 == 0 ? 2.5 : 1.5)) == nil) }
        #expect(monitor.reference == 2.0)
        #expect(monitor.observe(report(11, 7.99)) == nil)
        #expect(monitor.observe(report(12, 8.0)) == nil, "exactly 4x is allowed")
        #expect(monitor.observe(report(13, 8.01))
            == "training loss 8.01 at step 13 exceeds 4.0 x the reference 2.0 (mean of the first 10 steps)")
    }

    @Test func floorProtectsTinyReferences() {
        var monitor = DivergenceRule().monitor()
        for step in 1 ... 10 { _ = monitor.observe(report(step, 0.01)) }
        #expect(monitor.observe(report(11, 1.9)) == nil, "4 x max(0.01, 0.5) = 2")
        #expect(monitor.observe(report(12, 2.1)) != nil)
        var strict = DivergenceRule(factor: 2, referenceSteps: 1, floor: 0).monitor()
        _ = strict.observe(report(1, 1))
        #expect(strict.observe(report(2, 2.5)) != nil)
    }

    @Test func aggregateIsTheNormOfAllPairsTogether() {
        let step = StepReport(step: 1, trainLoss: 1, learningRate: 1, pairs: [
            PairNorms(name: "a", a: 3, b: 0, deltaA: 0.3, deltaB: 0.5),
            PairNorms(name: "b", a: 4, b: 0, deltaA: 0.4, deltaB: 1.2),
        ])
        let metric = step.aggregate
        #expect(metric.aNorm == 5)
        #expect(metric.bNorm == 0)
        #expect(abs(metric.aUpdateRatio! - 0.1) < 1e-15) // sqrt(0.09 + 0.16) / 5
        #expect(metric.bUpdateRatio == nil, "B is zero: no ratio")
        let after = StepReport(step: 2, trainLoss: 1, learningRate: 1, pairs: [
            PairNorms(name: "a", a: 1, b: 2, deltaA: 0, deltaB: 1),
            PairNorms(name: "b", a: 1, b: 2, deltaA: 0, deltaB: 1),
        ]).aggregate
        // Not the mean of per-pair ratios (0.5 each) nor their sum (1): sqrt(2) / sqrt(8) = 0.5.
        #expect(abs(after.bUpdateRatio! - 0.5) < 1e-15)
        #expect(abs(after.bNorm - 8.0.squareRoot()) < 1e-15)
    }
}
