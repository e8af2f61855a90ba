import Foundation
import LinearAlgebra

// The per-factor half of LoRA-RITE's phase 2 (see LoRARite.swift for the whole rule and its sources).
// One "side" is a factor in the paper's orientation (rows x r: A^T for our A, B for our B) with its
// unmagnified moments; the A side and the B side run the same code with the roles of the factors swapped.

/// Which formulas LoRA-RITE uses (see LoRARite.swift).
enum LoRARiteVariant: String, CaseIterable { case reference, paper }

/// The unmagnified moments of one factor.
struct LoRARiteSideState {
    var secondMoment: Matrix<Double>   // r x r, V
    var firstMoment: Matrix<Double>    // rows x r, M
    var escapedMass: Double            // rho
}

/// The state of one pair: both sides and the bases of the factors as they were before the last update.
struct LoRARitePairState {
    var a: LoRARiteSideState
    var b: LoRARiteSideState
    var basisA: Matrix<Double>         // in x r, U_A,prev (zero before the first step)
    var basisB: Matrix<Double>         // out x r, U_B,prev (zero before the first step)

    init(a: LoRARiteSideState, b: LoRARiteSideState, basisA: Matrix<Double>, basisB: Matrix<Double>) {
        self.a = a
        self.b = b
        self.basisA = basisA
        self.basisB = basisB
    }

    /// Zero moments and zero previous bases, allocated for `shape`.
    init(shape: LoRAShape) {
        let r = shape.rank
        a = LoRARiteSideState(secondMoment: Matrix(rows: r, cols: r), firstMoment: Matrix(rows: shape.inFeatures, cols: r), escapedMass: 0)
        b = LoRARiteSideState(secondMoment: Matrix(rows: r, cols: r), firstMoment: Matrix(rows: shape.outFeatures, cols: r), escapedMass: 0)
        basisA = Matrix(rows: shape.inFeatures, cols: r)
        basisB = Matrix(rows: shape.outFeatures, cols: r)
    }
}

/// The formulas of one variant of LoRA-RITE for one factor's step.
struct LoRARiteRule {
    let variant: LoRARiteVariant
    let epsilon: Double
    let escape: Bool
    let forcePositive: Bool
    let weightDecay: Double

    /// One factor's new moments and its re-magnified direction `D` (the parameter moves by `-eta D`).
    /// - gradient: `Gbar`, rows x r, already skipped and clipped.
    /// - projection: `P = U_other^T U_other,prev`, r x r.
    /// - otherPseudoInverse: `T_other^+`, r x r.
    /// - parameter: the factor itself, rows x r (for weight decay).
    /// - decay1, decay2: this step's decays (bias-corrected or not).
    func step(_ state: LoRARiteSideState, gradient: Matrix<Double>, projection: Matrix<Double>,
              otherPseudoInverse: Matrix<Double>, parameter: Matrix<Double>, decay1: Double, decay2: Double)
        throws -> (state: LoRARiteSideState, direction: Matrix<Double>, zeroed: Bool) {
        // Second moment of this step's unmagnified gradient.
        var fresh = Matrix.product(gradient, transposeA: true, gradient)              // r x r
        if variant == .reference {
            let rows = Double(gradient.rows)
            fresh = fresh.map { $0 / rows }
        }
        fresh = fresh.symmetrized
        // The old second moment carried into the new basis.
        let carried = nanToNumber(Matrix.product(Matrix.product(projection, state.secondMoment), projection,
                                                 transposeB: true).symmetrized)      // r x r
        var escapedMass = 0.0
        if escape {
            let lost = try self.escapedMass(previous: state.secondMoment, carried: carried)
            escapedMass = decay2 * (lost + state.escapedMass)
        }
        let secondMoment = Matrix(rows: fresh.rows, cols: fresh.cols, storage: zip(fresh.storage, carried.storage).map {
            (1 - decay2) * $0 + decay2 * $1
        }).symmetrized
        let (values, vectors) = try wrappingLinearAlgebra { try secondMoment.symmetricEigen() }
        let diagonal = values.map { value -> Double in
            let lambda = forcePositive ? max(value, 0) : value
            switch variant {
            case .reference: return 1 / ((lambda + escapedMass).squareRoot() + epsilon)
            case .paper: return 1 / (lambda + escapedMass + epsilon).squareRoot()
            }
        }
        // A NaN in the diagonal makes all of K NaN, hence all of Gbar K NaN, which nan_to_num zeroes.
        let zeroed = diagonal.contains { $0.isNaN }
        var preconditioned = Matrix<Double>(rows: gradient.rows, cols: gradient.cols)   // rows x r, Sbar
        if !zeroed {
            let preconditioner = Matrix.fromEigenvectors(vectors, diagonal: diagonal).symmetrized   // r x r, K
            preconditioned = nanToNumber(Matrix.product(gradient, preconditioner))
        }
        var firstMoment = Matrix.product(state.firstMoment, projection, transposeB: true)   // rows x r, M P^T
        firstMoment = Matrix(rows: firstMoment.rows, cols: firstMoment.cols,
                             storage: zip(preconditioned.storage, firstMoment.storage).map { (1 - decay1) * $0 + decay1 * $1 })
        var direction = Matrix.product(firstMoment, otherPseudoInverse, transposeB: true)    // rows x r
        if weightDecay > 0 { direction.add(parameter, scaledBy: weightDecay) }
        return (LoRARiteSideState(secondMoment: secondMoment, firstMoment: firstMoment, escapedMass: escapedMass),
                direction, zeroed)
    }

    /// The mass of the second moment lost when it was carried into the new basis.
    private func escapedMass(previous: Matrix<Double>, carried: Matrix<Double>) throws -> Double {
        let old = try wrappingLinearAlgebra { try previous.symmetricEigen().values }   // ascending
        let new = try wrappingLinearAlgebra { try carried.symmetricEigen().values }    // ascending
        let drops = zip(old, new).map { $0 - $1 }
        switch variant {
        case .reference:
            let eigenvalueDrop = max(drops.max() ?? 0, 0)
            let traceDrop = max(previous.trace - carried.trace, 0)
            return min(eigenvalueDrop, traceDrop)
        case .paper:
            return drops.map(abs).max() ?? 0
        }
    }
}

/// NaN to 0 and +-infinity to the largest finite magnitude, element-wise (PyTorch's `nan_to_num`).
func nanToNumber(_ matrix: Matrix<Double>) -> Matrix<Double> {
    guard !matrix.isFinite else { return matrix }
    return matrix.map { x in
        if x.isNaN { return 0 }
        if x.isInfinite { return x > 0 ? .greatestFiniteMagnitude : -.greatestFiniteMagnitude }
        return x
    }
}
