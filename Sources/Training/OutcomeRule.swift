import Foundation
import RiteCore

/// When a run's numbers are not a result of fine-tuning: it `diverged` (stopped at the step it
/// happened) or it `did-not-learn` (finished, scored, but its training loss never left its start).
/// Both are results, recorded with their reason, never retried, and never averaged into a table.
///
/// A run diverges at the first step where
/// 1. the training loss, the learning rate or any LoRA norm is not finite;
/// 2. after the first `referenceSteps` steps, the training loss exceeds
///    `lossFactor * max(reference, lossFloor)`, where `reference` is the mean training loss of the
///    first `referenceSteps` steps; or
/// 3. some adapter's update of its layer, `||s B A||_F`, exceeds `adapterRatioLimit` times the
///    frozen weight's `||W||_F` (s = alpha / r).
/// The first steps run during warm-up at a tiny learning rate with `B = 0`, so the reference is
/// the base model's loss on the task; a healthy run only lowers it, and a 4-fold rise is an
/// explosion, not noise. The floor keeps a task the base model already solves (reference near 0)
/// from calling small wobbles a divergence. Rule 3 exists because the loss alone can miss an
/// explosion: at a learning rate of 1e30, ||B|| reached 1.7e32 while the loss stayed finite and
/// below its start, and that run's dev score beat a sane rate's. It looks at the product `B A`,
/// not at the factors: it is invariant to `B -> B R, A -> R^-1 A`, as it must be, since LoRA-RITE
/// legitimately grows ||A|| a hundredfold while ||B|| stays small. The limit, 1e4, sits far from
/// both sides of the gap measured on the tiny preset (2000 steps, sni-data-to-text): the largest
/// ratio of a run that learned was 52 (LoRA+ at 2e-2, the grid's top rate, whose B rate is 8e-2;
/// LoRA-RITE at 2e-2 reached 3.1, Adam at 1e-3 0.11), while exploding runs reach 1e25 and more
/// within a step (Adam at 1e30: 2.3e28 at step 2).
///
/// A finished run did not learn when the mean training loss of its last `tailSteps` steps (5% of
/// the run, at least 10) is above `learnedFraction` of the reference. Judged only on runs long
/// enough for the tail to lie after the reference steps. In the committed quick-profile store the
/// ratio final / start is bimodal: 446 runs at or below 0.63, 30 at 0.85 or above (Lamb at 1e-3,
/// LoRA-RITE at rank 64, the largest rates on hellaswag-style); 0.7 falls in the gap.
public struct OutcomeRule: Sendable, Equatable {
    public var lossFactor: Double
    public var referenceSteps: Int
    public var lossFloor: Double
    public var adapterRatioLimit: Double
    public var learnedFraction: Double

    public init(lossFactor: Double = 4, referenceSteps: Int = 10, lossFloor: Double = 0.5,
                adapterRatioLimit: Double = 1e4, learnedFraction: Double = 0.75) {
        self.lossFactor = lossFactor
        self.referenceSteps = referenceSteps
        self.lossFloor = lossFloor
        self.adapterRatioLimit = adapterRatioLimit
        self.learnedFraction = learnedFraction
    }

    /// The number of final steps whose mean loss decides "did not learn" in a run of `steps`.
    public func tailSteps(ofRunWith steps: Int) -> Int { max(10, steps / 20) }

    /// A monitor that applies this rule to the steps of one run of `steps` steps.
    public func monitor(steps: Int) -> OutcomeMonitor { OutcomeMonitor(rule: self, steps: steps) }
}

/// Applies an `OutcomeRule` to the steps of one run, in order.
public struct OutcomeMonitor: Sendable {
    public let rule: OutcomeRule
    public let steps: Int
    private var referenceSum = 0.0
    private var referenceCount = 0
    private var tailSum = 0.0
    private var tailCount = 0

    init(rule: OutcomeRule, steps: Int) {
        self.rule = rule
        self.steps = steps
    }

    /// The mean loss of the reference steps, once they are all seen.
    public var reference: Double? { referenceCount == rule.referenceSteps ? referenceSum / Double(referenceCount) : nil }

    /// Checks one step; returns why the run diverged, or `nil`.
    public mutating func observe(_ report: StepReport) -> String? {
        if !report.learningRate.isFinite { return "learning rate is \(report.learningRate) at step \(report.step)" }
        if let pair = report.pairs.first(where: { !($0.a.isFinite && $0.b.isFinite && $0.deltaA.isFinite && $0.deltaB.isFinite) }) {
            return "a LoRA norm of \(pair.name) is not finite at step \(report.step)"
        }
        if let pair = report.pairs.first(where: { !($0.adapterRatio <= rule.adapterRatioLimit) }) {
            return "adapter \(pair.name) at step \(report.step): ||s B A|| is \(String(format: "%.4g", pair.adapterRatio)) x "
                + "the frozen weight's norm (limit \(String(format: "%g", rule.adapterRatioLimit)))"
        }
        return observe(step: report.step, loss: report.trainLoss)
    }

    /// Checks one step's training loss; returns why the run diverged, or `nil`.
    public mutating func observe(step: Int, loss: Double) -> String? {
        if !loss.isFinite { return "training loss is \(loss) at step \(step)" }
        if step > steps - rule.tailSteps(ofRunWith: steps) {
            tailSum += loss
            tailCount += 1
        }
        guard let reference else {
            referenceSum += loss
            referenceCount += 1
            return nil
        }
        let limit = rule.lossFactor * max(reference, rule.lossFloor)
        if loss > limit {
            return "training loss \(CanonicalJSON.format(loss)) at step \(step) exceeds \(CanonicalJSON.format(rule.lossFactor)) x "
                + "the reference \(CanonicalJSON.format(max(reference, rule.lossFloor))) (mean of the first \(rule.referenceSteps) steps)"
        }
        return nil
    }

    /// After the last step: why the run did not learn, or `nil` (it learned, or it is too short
    /// to judge: its tail would overlap the reference steps, or not every step was seen).
    public func didNotLearn() -> String? {
        let tail = rule.tailSteps(ofRunWith: steps)
        guard steps - tail >= rule.referenceSteps, tailCount == tail, let reference, reference > 0 else { return nil }
        let final = tailSum / Double(tailCount)
        guard final > rule.learnedFraction * reference else { return nil }
        return "training loss of the last \(tail) steps \(CanonicalJSON.format(Self.rounded(final))) is "
            + "\(CanonicalJSON.format(Self.rounded(final / reference))) x the first \(rule.referenceSteps) steps' "
            + "\(CanonicalJSON.format(Self.rounded(reference))) (learned: at most \(CanonicalJSON.format(rule.learnedFraction)) x)"
    }

    /// Four significant digits, for messages.
    static func rounded(_ x: Double) -> Double { Double(String(format: "%.4g", x)) ?? x }
}
