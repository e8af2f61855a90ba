import Foundation
import LinearAlgebra
import RiteCore

// Lamb (You et al., 2020, arXiv 1904.00962), with optax's semantics (`optax.lamb`: scale_by_adam,
// add_decayed_weights, scale_by_trust_ratio, scale_by_learning_rate), the likely reference of the
// paper's JAX code. For each factor X (A and B independently), with t = k + 1:
//
//     m <- beta1 m + (1 - beta1) g,      v <- beta2 v + (1 - beta2) g^2
//     u  = (m / (1 - beta1^t)) / (sqrt(v / (1 - beta2^t)) + eps) + lambda X
//     rho = ||X||_F / ||u||_F,  or 1 if either norm is 0          (per matrix; no clamp, trust coefficient 1)
//     X <- X - eta rho u
//
// Defaults: beta = (0.9, 0.999), eps = 1e-6 outside the square root, lambda = 0. (The PyTorch Lamb port
// differs: no bias correction and ||X|| clamped to [0, 10]; not offered.)
//
// Composed as optax composes it (AdamUpdateRules.swift): Adam's moments and direction, plus the
// decayed weights, scaled by the trust ratio.
//
// For LoRA: B = 0 gives rho = 1 at step 0, so B jumps by about eta sign(g); afterwards ||dB|| = eta ||B||.
// The trust ratio makes Lamb invariant to scalar rescaling of the factors (A/s, sB), up to eps, but not
// to general invertible transformations.

final class Lamb<Scalar: LinearAlgebraScalar>: LoRAOptimizer {
    static var specification: OptimizerSpecification {
        OptimizerSpecification(
            name: "lamb", displayName: "Lamb", stepCost: .elementwise(paperTable7: .listed),
            parameters: [
                HyperparameterSpec("beta1", .decay, .number(0.9), "decay of the first moment"),
                HyperparameterSpec("beta2", .decay, .number(0.999), "decay of the second moment"),
                HyperparameterSpec("eps", .positive, .number(1e-6), "added to the square root of the second moment"),
                HyperparameterSpec("weight_decay", .nonNegative, .number(0), "lambda X added to the direction before the trust ratio"),
            ])
    }

    let name = "lamb"
    let hyperparameters: Hyperparameters
    let shapes: [LoRAShape]
    private(set) var stepCount = 0

    /// beta1, beta2, eps and weight_decay.
    private let adam: AdamSettings
    /// Moments of factor A of pair i at 2i, of factor B at 2i + 1.
    private var moments: [ElementwiseMoments<Scalar>]
    /// The direction `u` of one factor (scratch, as large as the largest factor).
    private var direction: [Scalar]

    init(hyperparameters: Hyperparameters, shapes: [LoRAShape]) {
        self.hyperparameters = hyperparameters
        self.shapes = shapes
        adam = AdamSettings(hyperparameters)
        moments = ElementwiseMoments<Scalar>.perFactor(shapes)
        let largest = shapes.map { $0.rank * max($0.inFeatures, $0.outFeatures) }.max() ?? 0
        direction = [Scalar](repeating: 0, count: largest)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func step(_ pairs: inout [LoRAPair<Scalar>], gradients: [LoRAPair<Scalar>], learningRate: Double) throws -> OptimizerStepReport {
        try validateStepInput(pairs, gradients, shapes: shapes, learningRate: learningRate)
        let t = stepCount + 1
        let (correction1, correction2) = (Scalar(biasCorrection(adam.beta1, step: t)), Scalar(biasCorrection(adam.beta2, step: t)))
        let (eps, lambda) = (Scalar(adam.epsilon), Scalar(adam.weightDecay))
        let coefficients: MomentCoefficients<Scalar> = adam.momentCoefficients()
        var report = OptimizerStepReport()
        forEachFactor(&pairs, gradients: gradients) { index, _, g, x in
            moments[index].accumulate(g, coefficients) { m, v in
                direction.withUnsafeMutableBufferPointer { u in
                    // Adam's direction, plus the decayed weights.
                    for j in 0 ..< x.count {
                        u[j] = adamDirection(m[j], v[j], correction1: correction1, correction2: correction2, epsilon: eps)
                        if adam.weightDecay != 0 { u[j] = addDecayedWeights(u[j], parameter: x[j], rate: lambda) }
                    }
                    // Scaled by the trust ratio and the learning rate.
                    let ratio = trustRatio(parameter: UnsafeBufferPointer(x), update: UnsafeBufferPointer(rebasing: u[0 ..< x.count]))
                    report.trustRatios = ValueSummary.merging(ValueSummary(ratio), into: report.trustRatios)
                    let scale = Scalar(learningRate * ratio)
                    for j in 0 ..< x.count { x[j] -= scale * u[j] }
                }
            }
        }
        stepCount += 1
        return report
    }
}
