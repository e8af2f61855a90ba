import Foundation
import LinearAlgebra
import NaiveReferences
import Optimizers
import Testing

// The paper's central claim (Section 3, Theorem 2): for equivalent pairs (A, B) and (R^{-1} A, B R)
// (PEFT layout: B A = (B R)(R^{-1} A)), a transformation-invariant optimizer produces the same B A
// trajectory. Checked with momentum and second moments over 25 steps; the same check shows which
// optimizers lack the property.

/// A random invertible r x r matrix with condition number `condition` and its inverse, both from
/// `U diag(sigma) V^T` with random orthonormal U, V and sigma log-spaced over [1/sqrt(c), sqrt(c)].
func randomInvertible(_ r: Int, condition: Double, _ rng: inout SplitMix64) -> (r: Dense, inverse: Dense) {
    let u = gramSchmidtQR(randomDense(r, r, &rng)).q
    let v = gramSchmidtQR(randomDense(r, r, &rng)).q
    let sigma = (0 ..< r).map { pow(condition, Double($0) / Double(max(r - 1, 1)) - 0.5) }
    let forward = mul(u.map { zip($0, sigma).map { $0 * $1 } }, tr(v))
    let inverse = mul(v.map { zip($0, sigma).map { $0 / $1 } }, tr(u))
    return (forward, inverse)
}

struct InvarianceOutcome {
    /// Largest `||dW1 - dW2|| / ||dW1||` over steps and pairs, with `dW = B_t A_t - B_0 A_0`
    /// (infinite if the transformed run failed or left the finite numbers).
    var discrepancy: Double
    /// `||dW1|| / ||W_0||` after the last step: how far the reference run moved.
    var movement: Double
}

/// Runs `optimizer1` on the problem's pairs and `optimizer2` on the transformed ones.
func compareTransformed(_ make: () throws -> any LoRAOptimizer<Double>, problem: LeastSquares, transforms: [(r: Dense, inverse: Dense)],
                        steps: Int, learningRate: Double) throws -> InvarianceOutcome {
    let transformed = zip(problem.start, transforms).map { p, t in DensePair(a: mul(t.inverse, p.a), b: mul(p.b, t.r)) }
    let first = try trajectory(try make(), problem: problem, steps: steps, learningRate: learningRate)
    let movement = problem.start.indices.map { i in
        fro(add(first.last![i].product, problem.start[i].product, -1)) / fro(problem.start[i].product)
    }.max()!
    let second: [[DensePair]]
    do {
        second = try trajectory(try make(), problem: problem, start: transformed, steps: steps, learningRate: learningRate)
    } catch {
        return InvarianceOutcome(discrepancy: .infinity, movement: movement)   // the transformed run diverged
    }
    var discrepancy = 0.0
    for (stepOne, stepTwo) in zip(first, second) {
        for i in problem.start.indices {
            let d1 = add(stepOne[i].product, problem.start[i].product, -1)
            let d2 = add(stepTwo[i].product, transformed[i].product, -1)
            let gap = relativeDifference(d2, d1)
            discrepancy = max(discrepancy, gap.isFinite ? gap : .infinity)
        }
    }
    return InvarianceOutcome(discrepancy: discrepancy, movement: movement)
}

@Suite("Transformation invariance")
struct InvarianceTests {
    @Test("(R^-1 A, B R) with condition numbers 1e2, 1e3, 1e4", arguments: OptimizerCase.all)
    func generalTransformations(_ c: OptimizerCase) throws {
        for (seed, condition) in [(UInt64(11), 1e2), (12, 1e3), (13, 1e4)] {
            let problem = LeastSquares.random(seed: seed)
            var rng = SplitMix64(seed: seed + 100)
            let transforms = problem.start.map { randomInvertible($0.a.count, condition: condition, &rng) }
            let outcome = try compareTransformed({ try c.make(problem.shapes) }, problem: problem, transforms: transforms,
                                                 steps: 25, learningRate: c.learningRate)
            #expect(outcome.movement > 0.05, "\(c.label): the reference run barely moved (\(outcome.movement))")
            if c.invariance == .full {
                #expect(outcome.discrepancy <= 1e-8, "\(c.label), condition \(condition): discrepancy \(outcome.discrepancy)")
            } else {
                #expect(outcome.discrepancy >= 1e-3, "\(c.label), condition \(condition): discrepancy only \(outcome.discrepancy)")
            }
        }
    }

    @Test("scalar rescaling (A / s, s B)", arguments: OptimizerCase.all)
    func scalarRescaling(_ c: OptimizerCase) throws {
        let problem = LeastSquares.random(seed: 21)
        for s in [37.0, 1 / 53.0] {
            let transforms = problem.start.map { p in
                (r: scaled(identityDense(p.a.count), s), inverse: scaled(identityDense(p.a.count), 1 / s))
            }
            let outcome = try compareTransformed({ try c.make(problem.shapes, extra: c.scalarInvarianceOverrides) }, problem: problem,
                                                 transforms: transforms, steps: 25, learningRate: c.learningRate)
            #expect(outcome.movement > 0.05, "\(c.label): the reference run barely moved (\(outcome.movement))")
            if c.invariance == .none {
                #expect(outcome.discrepancy >= 1e-3, "\(c.label), s = \(s): discrepancy only \(outcome.discrepancy)")
            } else {
                #expect(outcome.discrepancy <= 1e-8, "\(c.label), s = \(s): discrepancy \(outcome.discrepancy)")
            }
        }
    }
}
