import Foundation
import LinearAlgebra
import NaiveReferences
@testable import Optimizers
import RiteCore
import Testing

// The library's invariance probe (what `rite-repro claims` stores for claim C1) against the test-only
// dense version in InvarianceTests.swift: the same problem and transformations must give the same
// discrepancy, though one runs on LinearAlgebra's matrices and analytic trace gradients and the other on
// nested arrays and naive gradients.

@Suite("Invariance probe")
struct InvarianceProbeTests {
    static func traceProblem(_ problem: LeastSquares, _ c: OptimizerCase, extra: Hyperparameters = [:], steps: Int) -> TraceProblem {
        TraceProblem(optimizer: c.name, hyperparameters: c.overrides.merging(extra) { _, new in new }, learningRate: c.learningRate,
                     steps: steps, pairs: problem.start.map(\.loRAPair),
                     data: problem.data.map { (Matrix($0.x), Matrix($0.y)) })
    }

    /// Both discrepancies say the same: within 1e-6 relative, both invariant-small, or both failed.
    static func agree(_ library: InvarianceComparison, _ dense: InvarianceOutcome, _ label: String) {
        #expect(abs(library.movement - dense.movement) <= 1e-9 * dense.movement, "\(label): movement \(library.movement) vs \(dense.movement)")
        guard dense.discrepancy.isFinite else {
            #expect(library.failure != nil, "\(label): the dense reparameterised run failed, the library's did not")
            return
        }
        #expect(library.failure == nil, "\(label): \(library.failure ?? "")")
        let d = library.discrepancy ?? .nan
        if dense.discrepancy <= 1e-9 {
            #expect(d <= 1e-9, "\(label): library \(d), dense \(dense.discrepancy)")
        } else {
            #expect(abs(d - dense.discrepancy) <= 1e-6 * dense.discrepancy, "\(label): library \(d), dense \(dense.discrepancy)")
        }
    }

    @Test("agrees with the dense comparison under general transformations", arguments: OptimizerCase.all)
    func general(_ c: OptimizerCase) throws {
        for (seed, condition) in [(UInt64(11), 1e2), (12, 1e3), (13, 1e4)] {
            let problem = LeastSquares.random(seed: seed)
            var rng = SplitMix64(seed: seed + 100)
            let transforms = problem.start.map { randomInvertible($0.a.count, condition: condition, &rng) }
            let dense = try compareTransformed({ try c.make(problem.shapes) }, problem: problem, transforms: transforms,
                                               steps: 25, learningRate: c.learningRate)
            let library = try InvarianceProbe.compare(Self.traceProblem(problem, c, steps: 25),
                                                      transforms: transforms.map { (Matrix($0.r), Matrix($0.inverse)) })
            Self.agree(library, dense, "\(c.label), condition \(condition)")
        }
    }

    @Test("agrees with the dense comparison under scalar rescaling", arguments: OptimizerCase.all)
    func scalar(_ c: OptimizerCase) throws {
        let problem = LeastSquares.random(seed: 21)
        for s in [37.0, 1 / 53.0] {
            let transforms = problem.start.map { p in (r: scaled(identityDense(p.a.count), s), inverse: scaled(identityDense(p.a.count), 1 / s)) }
            let dense = try compareTransformed({ try c.make(problem.shapes, extra: c.scalarInvarianceOverrides) }, problem: problem,
                                               transforms: transforms, steps: 25, learningRate: c.learningRate)
            let library = try InvarianceProbe.compare(Self.traceProblem(problem, c, extra: c.scalarInvarianceOverrides, steps: 25),
                                                      transforms: transforms.map { (Matrix($0.r), Matrix($0.inverse)) })
            Self.agree(library, dense, "\(c.label), s = \(s)")
        }
    }

    @Test("random transformations are inverse pairs with the asked condition number")
    func randomInvertibleMatrices() throws {
        var generator = SeededGenerator(seed: 5)
        for (rank, condition) in [(1, 1.0), (4, 1e3), (7, 1e6)] {
            let (r, inverse) = try InvarianceProbe.randomInvertible(rank: rank, condition: condition, using: &generator)
            #expect((Matrix.product(r, inverse) - Matrix<Double>.identity(rank)).maxAbs <= 1e-9)
            let sigma = try r.singularValueDecomposition().s
            #expect(abs(sigma.first! / sigma.last! - condition) <= 1e-6 * condition)
        }
    }

    @Test("the stored battery: LoRA-RITE invariant to 1e-8, Adam, LoRA+, ScaledAdam, Shampoo and Lamb not under a general R")
    func battery() throws {
        for check in InvarianceCheck.standard where check.problemSeed == 11 {
            let outcome = try check.run()
            let label = "\(check.optimizer) \(check.overrides.canonicalDescription) \(check.transform)"
            #expect(outcome.movement > 0.05, "\(label): moved only \(outcome.movement)")
            if check.optimizer == "lora-rite" {
                #expect(outcome.failure == nil && (outcome.discrepancy ?? .infinity) <= 1e-8, "\(label): \(outcome)")
            } else if check.transform.kind == "general" {
                #expect(outcome.failure != nil || (outcome.discrepancy ?? 0) >= 1e-4, "\(label): \(outcome)")
            }
        }
    }
}
