import Foundation
import LinearAlgebra
import NaiveReferences
@testable import Optimizers
import Testing

@Suite("Behaviour of every optimizer")
struct BehaviourTests {
    @Test("the least-squares loss falls from a zero-initialised B", arguments: OptimizerCase.all)
    func lossDecreases(_ c: OptimizerCase) throws {
        let problem = LeastSquares.random(seed: 51, zeroB: true)
        let path = try trajectory(try c.make(problem.shapes), problem: problem, steps: 200, learningRate: c.learningRate)
        let (initial, final) = (problem.loss(problem.start), problem.loss(path.last!))
        #expect(final < 0.5 * initial, "\(c.label): loss \(initial) -> \(final)")
        #expect(path.allSatisfy { $0.allSatisfy { p in p.a.joined().allSatisfy(\.isFinite) && p.b.joined().allSatisfy(\.isFinite) } })
    }

    @Test("zero-initialised B: A stays, B moves, nothing is NaN at step one", arguments: OptimizerCase.all)
    func zeroInitialisedB(_ c: OptimizerCase) throws {
        let problem = LeastSquares.random(seed: 52, zeroB: true)
        let optimizer = try c.make(problem.shapes)
        var pairs = problem.start.map(\.loRAPair)
        let gradients = problem.gradients(problem.start).map(\.loRAPair)
        #expect(gradients.allSatisfy { $0.a.storage.allSatisfy { $0 == 0 } }, "dL/dA = B^T (...) = 0 when B = 0")
        _ = try optimizer.step(&pairs, gradients: gradients, learningRate: c.learningRate)
        for (i, pair) in pairs.enumerated() {
            #expect(pair.isFinite, "\(c.label): pair \(i) is not finite after one step")
            #expect(pair.a == problem.start[i].loRAPair.a, "\(c.label): A moved although its gradient was 0")
            #expect(pair.b.frobeniusNorm > 0, "\(c.label): B did not move")
        }
    }

    @Test("a NaN or infinite gradient throws and leaves parameters and state untouched", arguments: OptimizerCase.all)
    func nonFiniteGradient(_ c: OptimizerCase) throws {
        let problem = LeastSquares.random(seed: 53)
        let optimizer = try c.make(problem.shapes)
        let start = problem.start.map(\.loRAPair)
        let clean = problem.gradients(problem.start).map(\.loRAPair)
        for bad in [Double.nan, .infinity] {
            var poisoned = clean
            poisoned[1].b[2, 0] = bad
            var pairs = start
            #expect(throws: OptimizerError.nonFiniteGradient(pair: 1, factor: "B")) {
                _ = try optimizer.step(&pairs, gradients: poisoned, learningRate: c.learningRate)
            }
            #expect(pairs == start)
            #expect(optimizer.stepCount == 0)
        }
        // The state was not touched either: the next clean step is bit for bit a fresh optimizer's first step.
        var afterFailure = start
        _ = try optimizer.step(&afterFailure, gradients: clean, learningRate: c.learningRate)
        var fresh = start
        _ = try c.make(problem.shapes).step(&fresh, gradients: clean, learningRate: c.learningRate)
        #expect(afterFailure == fresh)
    }

    @Test("Float parameters follow the Double trajectory", arguments: OptimizerCase.all)
    func floatParameters(_ c: OptimizerCase) throws {
        let problem = LeastSquares.random(seed: 54, zeroB: true)
        let double = try trajectory(try c.make(problem.shapes), problem: problem, steps: 20, learningRate: c.learningRate)
        let optimizer = try OptimizerFactory.make(c.name, hyperparameters: c.overrides, shapes: problem.shapes, scalar: Float.self)
        var pairs = problem.start.map { LoRAPair<Float>(a: Matrix(converting: $0.loRAPair.a), b: Matrix(converting: $0.loRAPair.b)) }
        for _ in 0 ..< 20 {
            let asDouble = pairs.map { DensePair(a: Matrix<Double>(converting: $0.a).nestedRows, b: Matrix<Double>(converting: $0.b).nestedRows) }
            let gradients = problem.gradients(asDouble).map { LoRAPair<Float>(a: Matrix(converting: $0.loRAPair.a), b: Matrix(converting: $0.loRAPair.b)) }
            _ = try optimizer.step(&pairs, gradients: gradients, learningRate: c.learningRate)
        }
        for (i, pair) in pairs.enumerated() {
            let product = Matrix<Double>(converting: Matrix.product(pair.b, pair.a)).nestedRows
            #expect(relativeDifference(product, double.last![i].product) < 1e-3, "\(c.label): pair \(i)")
        }
    }

    @Test("lora-rite skip trap: an unmagnified gradient RMS above skip freezes the factors")
    func skipTrap() throws {
        let problem = LeastSquares.random(seed: 55, targetScale: 200)
        let frozen = try OptimizerFactory.make("lora-rite", hyperparameters: [:], shapes: problem.shapes, scalar: Double.self)
        var pairs = problem.start.map(\.loRAPair)
        for _ in 0 ..< 10 {
            let report = try frozen.step(&pairs, gradients: problem.gradients(pairs.map(DensePair.init)).map(\.loRAPair), learningRate: 0.01)
            #expect(report.skippedFactors == 2 * problem.start.count)
        }
        #expect(pairs == problem.start.map(\.loRAPair), "skipped factors must not move")
        let free = try OptimizerFactory.make("lora-rite", hyperparameters: ["skip": .number(0)], shapes: problem.shapes, scalar: Double.self)
        let path = try trajectory(free, problem: problem, steps: 10, learningRate: 0.01)
        #expect(problem.loss(path.last!) < problem.loss(problem.start), "with skip off the same problem trains")
    }

    @Test("lora-rite reports its global clip")
    func clipReport() throws {
        let problem = LeastSquares.random(seed: 56, targetScale: 3)
        let optimizer = try OptimizerFactory.make("lora-rite", hyperparameters: ["skip": .number(0)], shapes: problem.shapes, scalar: Double.self)
        var pairs = problem.start.map(\.loRAPair)
        let report = try optimizer.step(&pairs, gradients: problem.gradients(problem.start).map(\.loRAPair), learningRate: 0.01)
        let norm = try #require(report.internalGradientNorm)
        #expect(norm > 1 && report.clipped)
    }

    @Test("lora-rite reference quirk: lambda + rho < 0 zeroes the new step (NaN to 0), force_positive does not")
    func negativeEigenvalueQuirk() throws {
        // V carried into the new basis is diag(-1e-3, 1) with P = I; with decays (0.5, 0.5) the new V has a
        // negative eigenvalue, so the reference's 1 / (sqrt(lambda) + eps) is NaN and Sbar becomes 0.
        let state = LoRARiteSideState(secondMoment: Matrix([[-1e-3, 0], [0, 1]]), firstMoment: Matrix([[1, 2], [3, 4], [5, 6]]), escapedMass: 0)
        let gradient = Matrix<Double>([[1e-3, 0], [0, 1e-3], [0, 0]])
        let identity = Matrix<Double>.identity(2)
        for forcePositive in [false, true] {
            let rule = LoRARiteRule(variant: .reference, epsilon: 1e-6, escape: false, forcePositive: forcePositive, weightDecay: 0)
            let out = try rule.step(state, gradient: gradient, projection: identity, otherPseudoInverse: identity,
                                    parameter: Matrix(rows: 3, cols: 2), decay1: 0.5, decay2: 0.5)
            #expect(out.zeroed == !forcePositive)
            if !forcePositive {
                #expect(out.state.firstMoment == Matrix([[0.5, 1], [1.5, 2], [2.5, 3]]), "only the decayed old moment remains")
            } else {
                #expect(out.state.firstMoment.isFinite && out.state.firstMoment != Matrix([[0.5, 1], [1.5, 2], [2.5, 3]]))
            }
        }
    }

    @Test("scaled-adam falls back to the identity when the Gram matrix is singular")
    func scaledAdamFallback() throws {
        let problem = LeastSquares.random(seed: 57, zeroB: true)
        let optimizer = try OptimizerFactory.make("scaled-adam", hyperparameters: ["damping": .number(0)], shapes: problem.shapes, scalar: Double.self)
        var pairs = problem.start.map(\.loRAPair)
        let report = try optimizer.step(&pairs, gradients: problem.gradients(problem.start).map(\.loRAPair), learningRate: 0.01)
        #expect(report.preconditionerFallbacks == problem.start.count, "B^T B = 0 is singular for every pair; A A^T is not")
        #expect(pairs.allSatisfy { $0.isFinite })
    }

    @Test("shampoo keeps the old root when a new one cannot be computed")
    func shampooRootFailure() {
        #expect(inverseRoot(Matrix([[Double.nan, 0], [0, 1]]), exponent: 4, epsilon: 1e-6, relative: true) == nil)
        #expect(inverseRoot(Matrix([[4, 0], [0, 16]]), exponent: 2, epsilon: 0, relative: false)
                == Matrix([[0.5, 0], [0, 0.25]]))
        var tensor = ShampooTensorState(rows: 2, cols: 2, blockSize: 512, mergeSmallDims: 0, skipDimension: 4096, matrixEpsilon: 1e-6)
        tensor.blocks[0].statistics[0] = Matrix([[Double.infinity, 0], [0, 1]])
        let failures = tensor.recomputeRoots(matrixEpsilon: 1e-6, relative: true)
        #expect(failures == 1)
        #expect(tensor.blocks[0].roots[0] == .identity(2), "the failed root keeps its previous value")
        #expect(tensor.blocks[0].roots[1] != .identity(2), "the healthy root was recomputed")
    }

    @Test("shampoo layouts: blocks, merged vectors, skipped factors")
    func shampooLayouts() {
        let blocked = ShampooTensorState(rows: 16, cols: 1100, blockSize: 512, mergeSmallDims: 0, skipDimension: 4096, matrixEpsilon: 1e-6)
        #expect(blocked.layout == .matrix && blocked.blocks.map(\.cols) == [0 ..< 512, 512 ..< 1024, 1024 ..< 1100])
        let merged = ShampooTensorState(rows: 16, cols: 64, blockSize: 512, mergeSmallDims: 4096, skipDimension: 4096, matrixEpsilon: 1e-6)
        #expect(merged.layout == .vector && merged.blocks.map(\.rows) == [0 ..< 512, 512 ..< 1024] && merged.blocks[0].exponent == 2)
        let large = ShampooTensorState(rows: 16, cols: 2048, blockSize: 512, mergeSmallDims: 4096, skipDimension: 4096, matrixEpsilon: 1e-6)
        #expect(large.layout == .matrix && large.blocks.count == 4 && large.blocks[0].exponent == 4)
        let skipped = ShampooTensorState(rows: 16, cols: 5000, blockSize: 512, mergeSmallDims: 0, skipDimension: 4096, matrixEpsilon: 1e-6)
        #expect(skipped.layout == .skipped && skipped.blocks.isEmpty)
        #expect(mergedShape([1, 2, 512, 1, 2048, 1, 3, 4], limit: 1024) == [1024, 2048, 12])
    }
}
