import Foundation
import LinearAlgebra

// LoRA-RITE (Yen et al., 2024, arXiv 2410.20625, Algorithm 1), transformation-invariant LoRA optimization.
// Notation: the paper writes Z = A B^T with A of m x r; in PEFT layout its A is our A^T (in x r, m = in)
// and its B is our B (out x r, n = out). Everything below is in the paper's orientation; the optimizer
// transposes A on the way in and out. For the A side (the B side swaps the roles of A and B), with the
// 0-based step k:
//
//   phase 1, over all pairs:
//     A = U_A T_A, B = U_B T_B                 thin Householder QR (LAPACK geqrf + orgqr, no sign fix)
//     Gbar_A = G_A T_B^+                       T^+: SVD pseudo-inverse, sigma <= r eps sigma_max dropped,
//                                              eps of the parameters' precision (see "Precision")
//     Gbar_A <- 0 if skip > 0 and rms(Gbar_A) > skip                       (per factor; "update skipping")
//     g = sqrt(sum over pairs of ||Gbar_A||^2 + ||Gbar_B||^2)             (after skipping)
//   phase 2, per pair:
//     Gbar <- (Gbar / g) clip  if clip > 0 and g > clip                    (global clip, strict >)
//     S_A = sym(Gbar_A^T Gbar_A / m)                                       (reference: divided by the row count)
//     P_A = U_B^T U_B,prev                                                 (U_prev = 0 at k = 0)
//     V~_A = nan_to_num(sym(P_A V_A P_A^T))
//     rho_A = b2 (rho_A + e_A) with escape, else 0
//            reference e = min(max(max_i(lambda_i(V_A) - lambda_i(V~_A)), 0), max(tr V_A - tr V~_A, 0))
//            paper     e = max_i |lambda_i(V_A) - lambda_i(V~_A)|          (ascending eigenvalues)
//     V_A <- sym((1 - b2) S_A + b2 V~_A);  V_A = Q diag(lambda) Q^T
//     K_A = sym(Q diag(d) Q^T),  reference d = 1 / (sqrt(lambda + rho) + eps)  (eps after the root)
//                                paper     d = (lambda + rho + eps)^(-1/2)     (eps inside, "add eps I to V")
//     Sbar_A = nan_to_num(Gbar_A K_A)
//     M_A <- (1 - b1) Sbar_A + b1 M_A P_A^T
//     A <- A - eta (M_A (T_B^+)^T + lambda_wd A)
//     store U_A,prev = U_A, U_B,prev = U_B (bases of the factors before this update), V, M, rho
//   with b1, b2 = beta1, beta2, or, with bias_correction, beta (1 - beta^k) / (1 - beta^(k+1)) (0 at k = 0).
//
// Variants (the `variant` hyper-parameter picks the formulas; it also presets the flags below, which
// explicit values override):
// - `reference` (default): what the authors' released implementation does, step for step: S divided by
//   the row count, the escaped-mass rule min(eigenvalue drop, trace drop), eps after the root; presets
//   clip 1, skip 1, escape off, force_positive off, bias_correction on.
// - `paper`: Algorithm 1 as printed, in the EMA form the paper's text describes ("multiply the first
//   term by beta2 and the second by 1 - beta2": the printed sentence swaps them, we take the intended
//   form): S = Gbar^T Gbar, escaped mass d_lambda = max_i |lambda_i - lambda~_i| accumulated as
//   rho <- beta2 (rho + d_lambda) (our choice: the EMA decay applied to the escaped mass as to V), eps
//   inside the root as the text says; presets clip 0, skip 0, escape on, force_positive on (V is PSD by
//   construction), bias_correction off (the algorithm has none).
//
// Quirks of the reference kept on purpose (and where we depart):
// - No eigenvalue clamp (force_positive off): if lambda + rho < 0 by round-off, the square root is NaN,
//   all of K is NaN and nan_to_num zeroes the whole new step of that factor; M still decays. We zero
//   Sbar explicitly in that case (the same numbers, independent of how a BLAS treats NaN times 0) and
//   count it in `OptimizerStepReport.zeroedPreconditionedSteps`.
// - The skip rule can freeze training: if rms(Gbar) > skip on every step, nothing moves (the "skip trap").
// - Departure: a NaN or infinite gradient throws `OptimizerError.nonFiniteGradient` before any state is
//   touched. The reference turns inf into NaN, its skip test is false for NaN, and its eigh then fails.
// - The reference's update capping, balance_param and relative epsilon (off by default, the last one
//   broken) are not offered.
// Precision: all of the optimizer's arithmetic (QR, pseudo-inverses, r x r moments, eigendecompositions,
// escaped mass, first moments) is in Double whatever the parameters' precision; Float parameters are
// converted at the boundary of each step. At r <= 64 this costs little and avoids the spurious negative
// eigenvalues Float would produce (which the reference would turn into zeroed steps). One thing keeps the
// parameters' precision: the pseudo-inverse cut-off uses their epsilon (Float: r 1.19e-7 sigma_max), as
// the reference's pinv in the parameters' dtype does. A Float factor holds its small singular values only
// to about 1e-7 of its largest; below that they are rounding noise, and re-magnifying by their inverse
// moves the other factor by lr / noise in directions where B A is not representable. With Double's epsilon
// that broke r = width on the tiny preset (issue 13: B's smallest singular values 2e-12 against 0.024 were
// inverted, and one step took ||A|| from 13 to 1.8e8).

final class LoRARite<Scalar: LinearAlgebraScalar>: LoRAOptimizer {
    static var specification: OptimizerSpecification {
        OptimizerSpecification(
            name: "lora-rite", displayName: "LoRA-RITE",
            // O(m r^2 + n r^2): QR of each factor, then r x r work per step.
            stepCost: StepCost(m: 1, n: 1, r: 2, mEqualsN: 1, paperTable7: .listed),
            // It clips its unmagnified gradients itself (the authors' recipe sets the trainer's
            // `max_grad_norm` to 0 for it).
            trainerClipsGradients: false,
            parameters: [
                HyperparameterSpec("variant", .choice(LoRARiteVariant.allCases.map(\.rawValue)), .text("reference"),
                                   "reference: the authors' released implementation; paper: Algorithm 1 as printed"),
                HyperparameterSpec("beta1", .decay, .number(0.9), "decay of the unmagnified first moment"),
                HyperparameterSpec("beta2", .decay, .number(0.999), "decay of the unmagnified second moment"),
                HyperparameterSpec("eps", .positive, .number(1e-6), "damping of the r x r preconditioner"),
                HyperparameterSpec("clip", .nonNegative, .number(1), "global norm bound of the unmagnified gradients (0: off)"),
                HyperparameterSpec("skip", .nonNegative, .number(1), "skip a factor whose unmagnified gradient RMS exceeds this (0: off)"),
                HyperparameterSpec("escape", .flag, .flag(false), "add the escaped mass rho to the second moment"),
                HyperparameterSpec("force_positive", .flag, .flag(false), "clamp negative eigenvalues of V at 0"),
                HyperparameterSpec("bias_correction", .flag, .flag(true), "fold Adam's bias correction into the decays"),
                HyperparameterSpec("weight_decay", .nonNegative, .number(0), "lambda A added to the re-magnified step"),
            ],
            variantPresets: [
                "reference": [:],
                "paper": ["clip": .number(0), "skip": .number(0), "escape": .flag(true), "force_positive": .flag(true),
                          "bias_correction": .flag(false)],
            ])
    }

    let name = "lora-rite"
    let hyperparameters: Hyperparameters
    let shapes: [LoRAShape]
    private(set) var stepCount = 0

    private let rule: LoRARiteRule
    private let beta1: Double
    private let beta2: Double
    private let clip: Double
    private let skip: Double
    private let correctsBias: Bool
    private var states: [LoRARitePairState]

    init(hyperparameters: Hyperparameters, shapes: [LoRAShape]) throws {
        for (i, shape) in shapes.enumerated() where shape.rank < 1 || shape.rank > min(shape.inFeatures, shape.outFeatures) {
            throw OptimizerError.unsupportedShape(
                optimizer: "lora-rite", reason: "pair \(i) has rank \(shape.rank) but needs 1 <= rank <= min(in, out) = "
                    + "\(min(shape.inFeatures, shape.outFeatures)) for its thin QR")
        }
        self.hyperparameters = hyperparameters
        self.shapes = shapes
        rule = LoRARiteRule(
            variant: LoRARiteVariant(rawValue: hyperparameters.text("variant")) ?? .reference,
            epsilon: hyperparameters.number("eps"), escape: hyperparameters.flag("escape"),
            forcePositive: hyperparameters.flag("force_positive"), weightDecay: hyperparameters.number("weight_decay"))
        beta1 = hyperparameters.number("beta1")
        beta2 = hyperparameters.number("beta2")
        clip = hyperparameters.number("clip")
        skip = hyperparameters.number("skip")
        correctsBias = hyperparameters.flag("bias_correction")
        states = shapes.map { LoRARitePairState(shape: $0) }
    }

    /// The factors of one pair prepared in phase 1, in the paper's orientation.
    private struct Prepared {
        var a: Matrix<Double>           // in x r (our A transposed)
        var b: Matrix<Double>           // out x r
        var basisA: Matrix<Double>      // in x r, U_A
        var basisB: Matrix<Double>      // out x r, U_B
        var pinvA: Matrix<Double>       // r x r, T_A^+
        var pinvB: Matrix<Double>       // r x r, T_B^+
        var gradientA: Matrix<Double>   // in x r, unmagnified Gbar_A
        var gradientB: Matrix<Double>   // out x r, unmagnified Gbar_B
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    func step(_ pairs: inout [LoRAPair<Scalar>], gradients: [LoRAPair<Scalar>], learningRate: Double) throws -> OptimizerStepReport {
        try validateStepInput(pairs, gradients, shapes: shapes, learningRate: learningRate)
        var report = OptimizerStepReport()

        // Phase 1: bases, magnitudes and unmagnified gradients of every pair; the skip rule; the global norm.
        var prepared: [Prepared] = []
        prepared.reserveCapacity(pairs.count)
        var squaredNorm = 0.0
        // The cut-off follows the precision the factors are stored in (see "Precision" above).
        let parameterEpsilon = Double(Scalar.ulpOfOne)
        for i in pairs.indices {
            let a = Matrix<Double>(converting: pairs[i].a).transposed
            let b = Matrix<Double>(converting: pairs[i].b)
            let (basisA, magnitudeA) = try wrappingLinearAlgebra { try a.thinQR() }
            let (basisB, magnitudeB) = try wrappingLinearAlgebra { try b.thinQR() }
            let pinvA = try wrappingLinearAlgebra { try magnitudeA.pseudoInverse(epsilon: parameterEpsilon) }
            let pinvB = try wrappingLinearAlgebra { try magnitudeB.pseudoInverse(epsilon: parameterEpsilon) }
            var gradientA = Matrix.product(Matrix<Double>(converting: gradients[i].a), transposeA: true, pinvB)
            var gradientB = Matrix.product(Matrix<Double>(converting: gradients[i].b), pinvA)
            if skip > 0 {
                if gradientA.rms > skip { gradientA.setZero(); report.skippedFactors += 1 }
                if gradientB.rms > skip { gradientB.setZero(); report.skippedFactors += 1 }
            }
            squaredNorm += gradientA.squaredFrobeniusNorm + gradientB.squaredFrobeniusNorm
            prepared.append(Prepared(a: a, b: b, basisA: basisA, basisB: basisB, pinvA: pinvA, pinvB: pinvB,
                                     gradientA: gradientA, gradientB: gradientB))
        }
        let globalNorm = squaredNorm.squareRoot()
        report.internalGradientNorm = globalNorm
        report.clipped = clip > 0 && globalNorm > clip

        // Phase 2: moments and updates, computed aside and committed only when every pair succeeded.
        let k = stepCount
        let decay1 = correctsBias ? biasCorrectedDecay(beta1, step: k) : beta1
        let decay2 = correctsBias ? biasCorrectedDecay(beta2, step: k) : beta2
        var newStates = states
        var newPairs = pairs
        for i in pairs.indices {
            var p = prepared[i]
            if report.clipped {
                p.gradientA = p.gradientA.map { $0 / globalNorm * clip }
                p.gradientB = p.gradientB.map { $0 / globalNorm * clip }
            }
            let state = states[i]
            let projectionA = Matrix.product(p.basisB, transposeA: true, state.basisB)   // r x r, U_B^T U_B,prev
            let projectionB = Matrix.product(p.basisA, transposeA: true, state.basisA)   // r x r, U_A^T U_A,prev
            let sideA = try rule.step(state.a, gradient: p.gradientA, projection: projectionA, otherPseudoInverse: p.pinvB,
                                      parameter: p.a, decay1: decay1, decay2: decay2)
            let sideB = try rule.step(state.b, gradient: p.gradientB, projection: projectionB, otherPseudoInverse: p.pinvA,
                                      parameter: p.b, decay1: decay1, decay2: decay2)
            report.zeroedPreconditionedSteps += (sideA.zeroed ? 1 : 0) + (sideB.zeroed ? 1 : 0)
            newStates[i] = LoRARitePairState(a: sideA.state, b: sideB.state, basisA: p.basisA, basisB: p.basisB)
            var a = p.a
            a.add(sideA.direction, scaledBy: -learningRate)
            var b = p.b
            b.add(sideB.direction, scaledBy: -learningRate)
            newPairs[i] = LoRAPair(a: Matrix<Scalar>(converting: a.transposed), b: Matrix<Scalar>(converting: b))
        }
        states = newStates
        pairs = newPairs
        stepCount += 1
        return report
    }
}
