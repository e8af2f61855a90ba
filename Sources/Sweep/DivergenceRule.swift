/// When a run counts as diverged (recorded `diverged`, not `failed`: divergence is a result).
///
/// A run diverges at the first step where
/// 1. the training loss, the learning rate or any LoRA norm is not finite, or
/// 2. after the first `referenceSteps` steps, the training loss exceeds
///    `factor * max(reference, floor)`, where `reference` is the mean training loss of the first
///    `referenceSteps` steps.
/// Defaults: factor 4, 10 reference steps, floor 0.5 nats. The first steps run during warm-up
/// at a tiny learning rate with `B = 0`, so the reference is the base model's loss on the task;
/// a healthy fine-tuning run only lowers it, and a 4-fold rise is an explosion, not noise. The
/// floor keeps a task the base model already solves (reference near 0) from calling small
/// wobbles a divergence.
public struct DivergenceRule: Sendable, Equatable {
    public var factor: Double
    public var referenceSteps: Int
    public var floor: Double

    public init(factor: Double = 4, referenceSteps: Int = 10, floor: Double = 0.5) {
        self.factor = factor
        self.referenceSteps = referenceSteps
        self.floor = floor
    }

    /// A monitor that applies this rule to one run's steps.
    public func monitor() -> DivergenceMonitor { DivergenceMonitor(rule: self) }
}

/// Applies a `DivergenceRule` to the steps of one run, in order.
public struct DivergenceMonitor: Sendable {
    public let rule: DivergenceRule
    private var referenceSum = 0.0
    private var referenceCount = 0

    init(rule: DivergenceRule) { self.rule = rule }

    /// The mean loss of the reference steps, once they are all seen.
    public var reference: Double? { referenceCount == rule.referenceSteps ? referenceSum / Double(referenceCount) : nil }

    /// Checks one step; returns why the run diverged, or `nil`.
    public mutating func observe(_ report: StepReport) -> String? {
        if !report.trainLoss.isFinite { return "training loss is \(report.trainLoss) at step \(report.step)" }
        if !report.learningRate.isFinite { return "learning rate is \(report.learningRate) at step \(report.step)" }
        if let pair = report.pairs.first(where: { !($0.a.isFinite && $0.b.isFinite && $0.deltaA.isFinite && $0.deltaB.isFinite) }) {
            return "a LoRA norm of \(pair.name) is not finite at step \(report.step)"
        }
        return observe(step: report.step, loss: report.trainLoss)
    }

    /// Checks one step's training loss; returns why the run diverged, or `nil`.
    public mutating func observe(step: Int, loss: Double) -> String? {
        if !loss.isFinite { return "training loss is \(loss) at step \(step)" }
        guard let reference else {
            referenceSum += loss
            referenceCount += 1
            return nil
        }
        let limit = rule.factor * max(reference, rule.floor)
        if loss > limit {
            return "training loss \(CanonicalJSON.format(loss)) at step \(step) exceeds \(CanonicalJSON.format(rule.factor)) x "
                + "the reference \(CanonicalJSON.format(max(reference, rule.floor))) (mean of the first \(rule.referenceSteps) steps)"
        }
        return nil
    }
}
