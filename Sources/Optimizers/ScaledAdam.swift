import Foundation
import LinearAlgebra

// ScaledAdam: Riemannian preconditioned LoRA (Zhang & Pilanci, 2024, arXiv 2402.02347), as its
// reference implementation's LLM path (the Mistral/PEFT optimizer) computes it. In PEFT layout, for
// each pair in turn, with delta = `damping`:
//
//     gA~ = (B^T B + delta I_r)^{-1} gA                      (r x r inverse; identity if it fails)
//     mA <- beta1 mA + (1 - beta1) gA~,   vA <- beta2 vA + (1 - beta2) gA~^2
//     A  <- A - s_t mA / (sqrt(vA) + eps)                    s_t = eta, or eta sqrt(1 - beta2^t) / (1 - beta1^t)
//                                                            with bias_correction
//     A  <- A - eta lambda A                                 (decoupled weight decay, after the step)
//     gB~ = gB (A_new A_new^T + delta I_r)^{-1}              A_new: A AFTER its update (Gauss-Seidel order)
//     (same Adam step and weight decay for B)
//
// Where the reference and its paper differ, the reference is the default:
// - B is preconditioned with the already-updated A (the reference aliases A before updating it in place):
//   `updated_a_for_b` true. False uses the old A for both factors, the paper's form (and the reference's
//   image-generation variant); the two differ by about 1e-3 in parameters after a few steps.
// - No bias correction on the LLM path (`bias_correction` false); its GPT-2 scripts turn it on.
// - delta: the class default 1e-6. The LoRA-RITE paper does not state the delta it used; the reference's
//   command line defaults to 4.5 and its task table ranges from 1e-6 to 100, so it is a hyper-parameter.
// - eps 1e-8 (the trainer's value; the class default is 1e-6), outside the square root.
// - A singular matrix (an exactly zero pivot, as LAPACK's LU would report) is replaced by the identity,
//   as the reference's `except` branch does; the step report counts it.
// Composed of AdamUpdateRules.swift's pieces: the moments of the preconditioned gradient, Adam's direction
// with sqrt(c2) = 1 and the correction (if any) in the step size, decoupled decay after the step.
// Precision: the r x r Gram matrices and their inverses are computed in Double; the preconditioned
// gradient and the Adam step run in the parameters' precision.

final class ScaledAdam<Scalar: LinearAlgebraScalar>: LoRAOptimizer {
    static var specification: OptimizerSpecification {
        OptimizerSpecification(
            name: "scaled-adam", displayName: "ScaledAdam",
            // O(m r^2 + n r^2): r x r Gram matrices, their inverses and products with both factors.
            stepCost: StepCost(m: 1, n: 1, r: 2, mEqualsN: 1, paperTable7: .listed),
            parameters: adamHyperparameters(eps: 1e-8) + [
                HyperparameterSpec("damping", .nonNegative, .number(1e-6),
                                   "delta added to the r x r Gram matrix before inverting it"),
                HyperparameterSpec("bias_correction", .flag, .flag(false),
                                   "Adam bias correction folded into the step size (off on the reference's LLM path)"),
                HyperparameterSpec("updated_a_for_b", .flag, .flag(true),
                                   "precondition B with A after its update (the reference) rather than before (the paper)"),
            ])
    }

    let name = "scaled-adam"
    let hyperparameters: Hyperparameters
    let shapes: [LoRAShape]
    private(set) var stepCount = 0

    /// beta1, beta2, eps and weight_decay.
    private let adam: AdamSettings
    private let damping: Double
    private let correctsBias: Bool
    private let usesUpdatedA: Bool
    /// Moments of factor A of pair i at 2i, of factor B at 2i + 1.
    private var moments: [ElementwiseMoments<Scalar>]

    init(hyperparameters: Hyperparameters, shapes: [LoRAShape]) {
        self.hyperparameters = hyperparameters
        self.shapes = shapes
        adam = AdamSettings(hyperparameters)
        damping = hyperparameters.number("damping")
        correctsBias = hyperparameters.flag("bias_correction")
        usesUpdatedA = hyperparameters.flag("updated_a_for_b")
        moments = ElementwiseMoments<Scalar>.perFactor(shapes)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func step(_ pairs: inout [LoRAPair<Scalar>], gradients: [LoRAPair<Scalar>], learningRate: Double) throws -> OptimizerStepReport {
        try validateStepInput(pairs, gradients, shapes: shapes, learningRate: learningRate)
        let t = stepCount + 1
        var stepSize = learningRate
        if correctsBias { stepSize *= biasCorrection(adam.beta2, step: t).squareRoot() / biasCorrection(adam.beta1, step: t) }
        var report = OptimizerStepReport()
        for i in pairs.indices {
            // A, preconditioned by (B^T B + delta I)^{-1} on the left.
            let b = Matrix<Double>(converting: pairs[i].b)                        // out x r
            let inverseB = dampedInverse(Matrix.product(b, transposeA: true, b), report: &report)  // r x r
            let scaledA = Matrix.product(inverseB, gradients[i].a)               // r x in
            let oldA = usesUpdatedA ? nil : Matrix<Double>(converting: pairs[i].a)  // r x in
            adamStep(&pairs[i], .a, index: 2 * i, gradient: scaledA, stepSize: stepSize, learningRate: learningRate)
            // B, preconditioned by (A A^T + delta I)^{-1} on the right, with A updated or not.
            let a = oldA ?? Matrix<Double>(converting: pairs[i].a)                // r x in
            let inverseA = dampedInverse(Matrix.product(a, a, transposeB: true), report: &report)  // r x r
            let scaledB = Matrix.product(gradients[i].b, inverseA)               // out x r
            adamStep(&pairs[i], .b, index: 2 * i + 1, gradient: scaledB, stepSize: stepSize, learningRate: learningRate)
        }
        stepCount += 1
        return report
    }

    /// `(gram + delta I)^{-1}` in the parameters' precision, or the identity if the matrix is singular.
    private func dampedInverse(_ gram: Matrix<Double>, report: inout OptimizerStepReport) -> Matrix<Scalar> {
        var damped = gram
        for j in 0 ..< damped.rows { damped[j, j] += damping }
        if let inverse = gaussJordanInverse(damped) { return Matrix<Scalar>(converting: inverse) }
        report.preconditionerFallbacks += 1
        return .identity(gram.rows)
    }

    /// The reference's Adam step without bias correction terms in the denominator:
    /// x <- x - s m / (sqrt(v) + eps), then x <- x - eta lambda x.
    private func adamStep(_ pair: inout LoRAPair<Scalar>, _ factor: LoRAFactor, index: Int, gradient: Matrix<Scalar>,
                          stepSize: Double, learningRate: Double) {
        let (s, eps, decay) = (Scalar(stepSize), Scalar(adam.epsilon), Scalar(learningRate * adam.weightDecay))
        gradient.withUnsafeBufferPointer { g in
            moments[index].accumulate(g, adam.momentCoefficients()) { m, v in
                withMutableFactor(&pair, factor) { x in
                    for j in 0 ..< x.count {
                        x[j] -= s * adamDirectionFoldedCorrection(m[j], v[j], correction2Root: 1, epsilon: eps)
                        if adam.weightDecay > 0 { x[j] = decayedAfterStep(x[j], by: decay) }
                    }
                }
            }
        }
    }
}
