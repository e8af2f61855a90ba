import Foundation
import LinearAlgebra

// AdamW on one flat buffer of parameters (optax's `adamw`: scale_by_adam, add_decayed_weights,
// scale_by_learning_rate), as base-model pretraining uses it. Element-wise, with g the gradient
// times `gradientScale` (the global-norm clip), t the 1-based step and lambda_s the weight decay of
// the segment the element is in (lambda or 0: decay is masked per tensor):
//
//     m <- beta1 m + (1 - beta1) g,      v <- beta2 v + (1 - beta2) g^2
//     X <- X - eta ((m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps) + lambda_s X)
//
// Built from AdamUpdateRules.swift's pieces (Adam's moments and direction, decayed weights), the
// same ones Lamb composes with a trust ratio. Unlike the LoRA optimizers, `1 - beta` is computed
// after rounding beta to the parameters' precision (`MomentCoefficients.complementsAfterRounding`),
// as the pretrainer always did: base checkpoints are bit-identical to those it made before.
// Reference: Loshchilov & Hutter, "Decoupled Weight Decay Regularization", arXiv 1711.05101.

/// AdamW with bias correction over a flat parameter buffer, weight decay on chosen segments.
public struct FlatAdamW<Scalar: LinearAlgebraScalar> {
    /// A contiguous range of the buffer (one tensor) and whether weight decay applies to it.
    public struct Segment: Hashable, Sendable {
        public var range: Range<Int>
        public var decays: Bool

        public init(range: Range<Int>, decays: Bool) {
            self.range = range
            self.decays = decays
        }
    }

    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    public let weightDecay: Double
    /// The elements a step updates, in order; elements in no segment are left alone.
    public let segments: [Segment]
    /// Steps taken so far.
    public private(set) var stepCount = 0

    private var firstMoment: [Scalar]
    private var secondMoment: [Scalar]

    /// Zeroed moments for `count` elements. Throws `OptimizerError.invalidHyperparameter` for a beta
    /// outside [0, 1), a non-positive eps, a negative or non-finite weight decay, and
    /// `OptimizerError.shapeMismatch` for a segment outside `0 ..< count`.
    public init(count: Int, beta1: Double, beta2: Double, epsilon: Double, weightDecay: Double, segments: [Segment]) throws {
        for (name, beta) in [("beta1", beta1), ("beta2", beta2)] where !(beta >= 0 && beta < 1) {
            throw OptimizerError.invalidHyperparameter(name: name, value: "\(beta)", allowed: "a number in [0, 1)")
        }
        guard epsilon > 0, epsilon.isFinite else {
            throw OptimizerError.invalidHyperparameter(name: "eps", value: "\(epsilon)", allowed: "a finite number > 0")
        }
        guard weightDecay >= 0, weightDecay.isFinite else {
            throw OptimizerError.invalidHyperparameter(name: "weight_decay", value: "\(weightDecay)", allowed: "a finite number >= 0")
        }
        if let outside = segments.first(where: { $0.range.lowerBound < 0 || $0.range.upperBound > count }) {
            throw OptimizerError.shapeMismatch(what: "AdamW segment", expected: "a range inside 0 ..< \(count)",
                                               actual: "\(outside.range)")
        }
        (self.beta1, self.beta2, self.epsilon, self.weightDecay, self.segments) = (beta1, beta2, epsilon, weightDecay, segments)
        firstMoment = [Scalar](repeating: 0, count: count)
        secondMoment = [Scalar](repeating: 0, count: count)
    }

    /// One update of `parameters` in place from `gradients` (same length as the moments) times
    /// `gradientScale`, at `learningRate`.
    public mutating func step(parameters: UnsafeMutableBufferPointer<Scalar>, gradients: UnsafeBufferPointer<Scalar>,
                              gradientScale: Double = 1, learningRate: Double) {
        precondition(parameters.count == firstMoment.count && gradients.count == firstMoment.count,
                     "AdamW over \(firstMoment.count) elements stepped with \(parameters.count) parameters and \(gradients.count) gradients")
        let t = stepCount + 1
        let coefficients = MomentCoefficients<Scalar>.complementsAfterRounding(beta1: beta1, beta2: beta2)
        let (correction1, correction2) = (Scalar(biasCorrection(beta1, step: t)), Scalar(biasCorrection(beta2, step: t)))
        let (eps, rate, scale) = (Scalar(epsilon), Scalar(learningRate), Scalar(gradientScale))
        firstMoment.withUnsafeMutableBufferPointer { m in
            secondMoment.withUnsafeMutableBufferPointer { v in
                for segment in segments {
                    let r = segment.range
                    adamWUpdate(UnsafeMutableBufferPointer(rebasing: parameters[r]), gradients: UnsafeBufferPointer(rebasing: gradients[r]),
                                gradientScale: scale, first: UnsafeMutableBufferPointer(rebasing: m[r]),
                                second: UnsafeMutableBufferPointer(rebasing: v[r]), coefficients, correction1: correction1,
                                correction2: correction2, epsilon: eps, learningRate: rate,
                                weightDecay: segment.decays ? Scalar(weightDecay) : 0)
                }
            }
        }
        stepCount += 1
    }
}
