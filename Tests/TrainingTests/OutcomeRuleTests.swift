import RiteCore
@testable import Training
import Testing

@Suite struct OutcomeRuleTests {
    func report(_ step: Int, _ loss: Double) -> StepReport {
        StepReport(step: step, trainLoss: loss, learningRate: 1e-3, pairs: [PairNorms(name: "p", a: 1, b: 1, deltaA: 0, deltaB: 0, adapterRatio: 0.1)])
    }

    @Test func nonFiniteLossDivergesAtOnce() {
        var monitor = OutcomeRule().monitor(steps: 2000)
        #expect(monitor.observe(report(1, 2)) == nil)
        #expect(monitor.observe(report(2, .nan)) == "training loss is nan at step 2")
        var other = OutcomeRule().monitor(steps: 2000)
        #expect(other.observe(report(1, .infinity)) == "training loss is inf at step 1")
        var norms = OutcomeRule().monitor(steps: 2000)
        let bad = StepReport(step: 3, trainLoss: 1, learningRate: 1e-3, pairs: [PairNorms(name: "layer1.k", a: .nan, b: 1, deltaA: 0, deltaB: 0, adapterRatio: 0)])
        #expect(norms.observe(bad) == "a LoRA norm of layer1.k is not finite at step 3")
    }

    @Test func lossAboveFourTimesTheReferenceDiverges() {
        var monitor = OutcomeRule().monitor(steps: 2000)
        // Reference: mean of steps 1...10 = 2.0 (values 1.5 and 2.5 alternate); spikes during them are not judged.
        for step in 1 ... 10 { #expect(monitor.observe(report(step, step % 2 == 0 ? 2.5 : 1.5)) == nil) }
        #expect(monitor.reference == 2.0)
        #expect(monitor.observe(report(11, 7.99)) == nil)
        #expect(monitor.observe(report(12, 8.0)) == nil, "exactly 4x is allowed")
        #expect(monitor.observe(report(13, 8.01))
            == "training loss 8.01 at step 13 exceeds 4.0 x the reference 2.0 (mean of the first 10 steps)")
    }

    @Test func floorProtectsTinyReferences() {
        var monitor = OutcomeRule().monitor(steps: 2000)
        for step in 1 ... 10 { _ = monitor.observe(report(step, 0.01)) }
        #expect(monitor.observe(report(11, 1.9)) == nil, "4 x max(0.01, 0.5) = 2")
        #expect(monitor.observe(report(12, 2.1)) != nil)
        var strict = OutcomeRule(lossFactor: 2, referenceSteps: 1, lossFloor: 0).monitor(steps: 2000)
        _ = strict.observe(report(1, 1))
        #expect(strict.observe(report(2, 2.5)) != nil)
    }

    @Test func aggregateIsTheNormOfAllPairsTogether() {
        let step = StepReport(step: 1, trainLoss: 1, learningRate: 1, pairs: [
            PairNorms(name: "a", a: 3, b: 0, deltaA: 0.3, deltaB: 0.5, adapterRatio: 0),
            PairNorms(name: "b", a: 4, b: 0, deltaA: 0.4, deltaB: 1.2, adapterRatio: 0),
        ])
        let metric = step.aggregate
        #expect(metric.aNorm == 5)
        #expect(metric.bNorm == 0)
        #expect(abs(metric.aUpdateRatio! - 0.1) < 1e-15) // sqrt(0.09 + 0.16) / 5
        #expect(metric.bUpdateRatio == nil, "B is zero: no ratio")
        let after = StepReport(step: 2, trainLoss: 1, learningRate: 1, pairs: [
            PairNorms(name: "a", a: 1, b: 2, deltaA: 0, deltaB: 1, adapterRatio: 0),
            PairNorms(name: "b", a: 1, b: 2, deltaA: 0, deltaB: 1, adapterRatio: 0),
        ]).aggregate
        // Not the mean of per-pair ratios (0.5 each) nor their sum (1): sqrt(2) / sqrt(8) = 0.5.
        #expect(abs(after.bUpdateRatio! - 0.5) < 1e-15)
        #expect(abs(after.bNorm - 8.0.squareRoot()) < 1e-15)
    }

    /// An adapter whose product outgrows its frozen weight diverges, whatever the loss says; the
    /// limit is on `||s B A|| / ||W||`, so factors that grow while their product stays sane do not.
    @Test func adapterFarLargerThanItsWeightDiverges() {
        func step(_ n: Int, a: Double, b: Double, ratio: Double) -> StepReport {
            StepReport(step: n, trainLoss: 1, learningRate: 1e-3,
                       pairs: [PairNorms(name: "layer0.v", a: a, b: b, deltaA: 0, deltaB: 0, adapterRatio: ratio)])
        }
        var monitor = OutcomeRule().monitor(steps: 100)
        #expect(monitor.observe(step(1, a: 1e4, b: 1e-3, ratio: 2)) == nil, "large ||A||, small ||B||: a sane product")
        #expect(monitor.observe(step(2, a: 1, b: 1, ratio: 1e4)) == nil, "exactly the limit is allowed")
        #expect(monitor.observe(step(3, a: 1, b: 1e32, ratio: 1e32))
            == "adapter layer0.v at step 3: ||s B A|| is 1e+32 x the frozen weight's norm (limit 10000)")
        var nan = OutcomeRule().monitor(steps: 100)
        #expect(nan.observe(step(1, a: 1, b: 1, ratio: .nan)) != nil, "a ratio that is not a number is not within the limit")
        var inf = OutcomeRule().monitor(steps: 100)
        #expect(inf.observe(step(1, a: 1, b: 1, ratio: .infinity)) != nil)
    }

    /// A run whose last 5% of steps (at least 10) average above 0.75 x its first 10 did not learn.
    @Test func flatLossDidNotLearn() {
        var flat = OutcomeRule().monitor(steps: 200)
        for n in 1 ... 200 { #expect(flat.observe(report(n, n <= 10 ? 4 : 3.2)) == nil) }
        #expect(flat.didNotLearn()
            == "training loss of the last 10 steps 3.2 is 0.8 x the first 10 steps' 4.0 (learned: at most 0.75 x)")
        var learned = OutcomeRule().monitor(steps: 200)
        for n in 1 ... 200 { _ = learned.observe(report(n, n <= 10 ? 4 : 2.9)) }
        #expect(learned.didNotLearn() == nil, "2.9 / 4 = 0.725")
        // The tail is 5% of a long run: 2000 steps judge the mean of the last 100.
        var long = OutcomeRule().monitor(steps: 2000)
        for n in 1 ... 2000 { _ = long.observe(report(n, n <= 10 ? 4 : (n > 1950 ? 2 : 3.5))) }
        #expect(long.didNotLearn() == nil, "mean of the last 100: (50 x 3.5 + 50 x 2) / 100 = 2.75")
    }

    /// Too short to judge (the tail would overlap the reference), or not every step seen: no verdict.
    @Test func shortOrIncompleteRunsAreNotJudged() {
        var short = OutcomeRule().monitor(steps: 19)
        for n in 1 ... 19 { _ = short.observe(report(n, 4)) }
        #expect(short.didNotLearn() == nil)
        var judged = OutcomeRule().monitor(steps: 20)
        for n in 1 ... 20 { _ = judged.observe(report(n, 4)) }
        #expect(judged.didNotLearn() != nil, "20 steps: 10 reference, 10 tail")
        var stopped = OutcomeRule().monitor(steps: 200)
        for n in 1 ... 150 { _ = stopped.observe(report(n, 4)) }
        #expect(stopped.didNotLearn() == nil)
    }
}
