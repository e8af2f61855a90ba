import Foundation
import LinearAlgebra
import RiteCore

// The measurement behind the paper's central claim (Section 3, Theorem 2): two equivalent LoRA
// pairs (A, B) and (R^-1 A, B R) have the same product B A, and a transformation-invariant optimizer
// keeps their products equal at every step. The probe runs one trace problem twice, from the
// original and from the reparameterised factors, and reports how far the two weight changes
//
//     dW_t = B_t A_t - B_0 A_0
//
// drift apart: max over steps t and pairs of ||dW2_t - dW1_t||_F / ||dW1_t||_F. Comparing changes
// rather than products keeps the measure about the optimizer: B_0 A_0 can dwarf the change, and
// its own rounding under R (about eps * cond(R)) would otherwise dominate the ratio.

/// What one comparison of a run and its reparameterised twin found.
public struct InvarianceComparison: Sendable, Equatable {
    /// The largest relative discrepancy of dW over steps and pairs, over the steps the reparameterised
    /// run completed with finite numbers (nil when it completed none). When it stopped early, `failure`
    /// says where: as far from invariant as a run can be, and the discrepancy is a lower bound.
    public var discrepancy: Double?
    /// max over pairs of ||dW1_T||_F / ||B_0 A_0||_F after the last step: how far the original run
    /// moved, so that a small discrepancy cannot come from a run that stood still.
    public var movement: Double
    /// The step (1-based) and error at which the reparameterised run stopped, if it did.
    public var failure: String?

    public init(discrepancy: Double?, movement: Double, failure: String?) {
        self.discrepancy = discrepancy
        self.movement = movement
        self.failure = failure
    }
}

/// Runs an optimizer on a trace problem from original and reparameterised factors and compares the
/// weight changes; makes the random problems and badly conditioned transformations the checks use.
public enum InvarianceProbe {
    /// `problem` as given, against the same problem started from `(R_i^-1 A_i, B_i R_i)` for the
    /// transformation `(r, inverse)` of each pair. A failure of the original run is thrown (the check
    /// itself is broken); a failure of the reparameterised one is an outcome.
    public static func compare(_ problem: TraceProblem,
                               transforms: [(r: Matrix<Double>, inverse: Matrix<Double>)]) throws -> InvarianceComparison {
        precondition(transforms.count == problem.pairs.count,
                     "InvarianceProbe.compare: \(transforms.count) transformations for \(problem.pairs.count) pairs")
        var twin = problem
        twin.pairs = zip(problem.pairs, transforms).map { pair, t in
            LoRAPair(a: Matrix.product(t.inverse, pair.a), b: Matrix.product(pair.b, t.r))
        }
        let original = try TraceRunner.run(problem)
        let startProducts = problem.pairs.map(\.product)
        let twinStartProducts = twin.pairs.map(\.product)
        let movement = movementOf(original.last, start: startProducts)

        var reparameterised: [TraceStep]
        var failure: String?
        do {
            reparameterised = try TraceRunner.run(twin)
        } catch let stepFailure as TraceStepFailure {
            // The run is deterministic: the steps before the failure are those of a shorter run.
            failure = stepFailure.description
            twin.steps = stepFailure.step - 1
            reparameterised = try TraceRunner.run(twin)
        }
        var discrepancy: Double?
        for (one, two) in zip(original, reparameterised) {
            for i in problem.pairs.indices {
                let change = one.pairs[i].product - startProducts[i]
                let twinChange = two.pairs[i].product - twinStartProducts[i]
                let scale = change.frobeniusNorm
                let gap = (twinChange - change).frobeniusNorm / (scale == 0 ? 1 : scale)
                guard gap.isFinite else {
                    return InvarianceComparison(discrepancy: discrepancy, movement: movement,
                                             failure: "step \(one.step): the reparameterised weight change is not finite")
                }
                discrepancy = max(discrepancy ?? 0, gap)
            }
        }
        return InvarianceComparison(discrepancy: discrepancy, movement: movement, failure: failure)
    }

    private static func movementOf(_ last: TraceStep?, start: [Matrix<Double>]) -> Double {
        guard let last else { return 0 }
        return zip(last.pairs, start).map { pair, w0 in
            (pair.product - w0).frobeniusNorm / w0.frobeniusNorm
        }.max() ?? 0
    }

    /// A random invertible `rank x rank` matrix with condition number `condition`, and its inverse:
    /// `U diag(sigma) V^T` and `V diag(1/sigma) U^T` with U, V the orthonormal factors of random
    /// matrices and sigma log-spaced over [1/sqrt(c), sqrt(c)], so that neither factor's scale is
    /// favoured and the inverse carries no error from an inversion.
    public static func randomInvertible(rank: Int, condition: Double,
                                        using generator: inout SeededGenerator) throws -> (r: Matrix<Double>, inverse: Matrix<Double>) {
        precondition(rank >= 1 && condition >= 1, "randomInvertible: rank \(rank), condition \(condition)")
        let u = try uniformMatrix(rank, rank, scale: 1, using: &generator).thinQR().q
        let v = try uniformMatrix(rank, rank, scale: 1, using: &generator).thinQR().q
        let sigma = (0 ..< rank).map { pow(condition, Double($0) / Double(max(rank - 1, 1)) - 0.5) }
        let forward = Matrix.product(Matrix(rows: rank, cols: rank) { i, j in u[i, j] * sigma[j] }, v, transposeB: true)
        let inverse = Matrix.product(Matrix(rows: rank, cols: rank) { i, j in v[i, j] / sigma[j] }, u, transposeB: true)
        return (forward, inverse)
    }

    /// The least-squares problem of the checks: pairs of shapes (r, in, out, k) = (4, 9, 7, 12) and
    /// (3, 6, 8, 10); A uniform in +-1/sqrt(in), B uniform in +-0.5 (non-zero, so both factors carry
    /// scale and a reparameterisation changes both), targets a random full-rank map plus 0.1 noise.
    public static func randomProblem(seed: UInt64, optimizer: String, hyperparameters: Hyperparameters,
                                     learningRate: Double, steps: Int) -> TraceProblem {
        var generator = SeededGenerator(seed: seed)
        var pairs: [LoRAPair<Double>] = []
        var data: [(inputs: Matrix<Double>, targets: Matrix<Double>)] = []
        for (r, n, m, k) in [(4, 9, 7, 12), (3, 6, 8, 10)] {
            let a = uniformMatrix(r, n, scale: 1 / Double(n).squareRoot(), using: &generator)
            let b = uniformMatrix(m, r, scale: 0.5, using: &generator)
            let x = uniformMatrix(k, n, scale: 1, using: &generator)
            let w = uniformMatrix(m, n, scale: 1, using: &generator)
            let y = Matrix.product(x, w, transposeB: true) + uniformMatrix(k, m, scale: 0.1, using: &generator)
            pairs.append(LoRAPair(a: a, b: b))
            data.append((x, y))
        }
        return TraceProblem(optimizer: optimizer, hyperparameters: hyperparameters, learningRate: learningRate,
                            steps: steps, pairs: pairs, data: data)
    }

    private static func uniformMatrix(_ rows: Int, _ cols: Int, scale: Double,
                                      using generator: inout SeededGenerator) -> Matrix<Double> {
        var storage: [Double] = []
        storage.reserveCapacity(rows * cols)
        for _ in 0 ..< rows * cols { storage.append(scale * generator.nextUniform(-1, 1)) }
        return Matrix(rows: rows, cols: cols, storage: storage)
    }
}
