import Foundation
import LinearAlgebra

// Adam (Kingma & Ba, 2014, arXiv 1412.6980) with decoupled weight decay, as PyTorch's AdamW under the
// Hugging Face trainer computes it (the baseline of the authors' released implementation).
// For each factor X (A and B independently), element-wise, with g its gradient and t = k + 1:
//
//     X <- X (1 - eta lambda)                                  (decoupled weight decay; lambda = 0 by default)
//     m <- beta1 m + (1 - beta1) g
//     v <- beta2 v + (1 - beta2) g^2
//     X <- X - (eta / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
//
// eps (default 1e-8) sits outside the square root. LoRA+ (LoRAPlus.swift) is this optimizer with the
// learning rate of every B factor multiplied by its ratio. Composed of AdamUpdateRules.swift's pieces:
// the moments, Adam's direction with the first correction folded into the step size, and decoupled
// decay before the step.
//
// Consequence for LoRA: with B = 0 at initialisation the gradient of A is 0 at step 0, so A does not
// move, while every entry of B moves by about eta sign(g) (m-hat / sqrt(v-hat) = +-1 at t = 1).
// Not transformation invariant, not even to scalar rescaling (the paper's Section 2.2).

final class Adam<Scalar: LinearAlgebraScalar>: LoRAOptimizer {
    static var specification: OptimizerSpecification {
        OptimizerSpecification(name: "adam", displayName: "Adam", stepCost: .elementwise(paperTable7: .listed),
                               parameters: adamHyperparameters(eps: 1e-8))
    }

    let name: String
    let hyperparameters: Hyperparameters
    let shapes: [LoRAShape]
    private(set) var stepCount = 0

    /// beta1, beta2, eps and weight_decay.
    private let adam: AdamSettings
    /// The learning rate of B relative to A: 1 for Adam, the LoRA+ ratio for LoRA+.
    private let ratioB: Double
    /// Moments of factor A of pair i at 2i, of factor B at 2i + 1.
    private var moments: [ElementwiseMoments<Scalar>]

    init(name: String, hyperparameters: Hyperparameters, shapes: [LoRAShape], ratioB: Double) {
        self.name = name
        self.hyperparameters = hyperparameters
        self.shapes = shapes
        adam = AdamSettings(hyperparameters)
        self.ratioB = ratioB
        moments = ElementwiseMoments<Scalar>.perFactor(shapes)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func step(_ pairs: inout [LoRAPair<Scalar>], gradients: [LoRAPair<Scalar>], learningRate: Double) throws -> OptimizerStepReport {
        try validateStepInput(pairs, gradients, shapes: shapes, learningRate: learningRate)
        let t = stepCount + 1
        let correction1 = biasCorrection(adam.beta1, step: t)
        let correction2Root = Scalar(biasCorrection(adam.beta2, step: t).squareRoot())
        let eps = Scalar(adam.epsilon)
        let coefficients: MomentCoefficients<Scalar> = adam.momentCoefficients()
        forEachFactor(&pairs, gradients: gradients) { index, factor, g, x in
            let eta = learningRate * (factor == .a ? 1 : ratioB)
            let stepSize = Scalar(eta / correction1)
            let decay: Scalar = decoupledDecayFactor(learningRate: eta, weightDecay: adam.weightDecay)
            moments[index].accumulate(g, coefficients) { m, v in
                for j in 0 ..< x.count {
                    if adam.weightDecay != 0 { x[j] *= decay }
                    x[j] -= stepSize * adamDirectionFoldedCorrection(m[j], v[j], correction2Root: correction2Root, epsilon: eps)
                }
            }
        }
        stepCount += 1
        return OptimizerStepReport()
    }
}

/// beta1, beta2, eps, weight_decay: the hyper-parameters Adam, LoRA+ and ScaledAdam share.
func adamHyperparameters(eps: Double) -> [HyperparameterSpec] {
    [
        HyperparameterSpec("beta1", .decay, .number(0.9), "decay of the first moment"),
        HyperparameterSpec("beta2", .decay, .number(0.999), "decay of the second moment"),
        HyperparameterSpec("eps", .positive, .number(eps), "added to the square root of the second moment"),
        HyperparameterSpec("weight_decay", .nonNegative, .number(0), "decoupled weight decay"),
    ]
}
