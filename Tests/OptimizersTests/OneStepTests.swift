import Foundation
import LinearAlgebra
import NaiveReferences
import Optimizers
import Testing

// The first step of every optimizer, computed by hand from its update rule (closed forms at t = 1).

/// One step of `name` from the problem's start; returns the start, the gradients and the result.
func firstStep(_ name: String, _ overrides: Hyperparameters = [:], problem: LeastSquares, learningRate: Double)
    throws -> (start: [DensePair], gradients: [DensePair], result: [DensePair]) {
    let optimizer = try OptimizerFactory.make(name, hyperparameters: overrides, shapes: problem.shapes, scalar: Double.self)
    var pairs = problem.start.map(\.loRAPair)
    let gradients = problem.gradients(problem.start)
    _ = try optimizer.step(&pairs, gradients: gradients.map(\.loRAPair), learningRate: learningRate)
    return (problem.start, gradients, pairs.map(DensePair.init))
}

/// `||a - b|| / ||b||` of every factor, at most `tolerance`.
func expectClose(_ mine: [DensePair], _ hand: [DensePair], tolerance: Double, _ label: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    for (i, (m, h)) in zip(mine, hand).enumerated() {
        #expect(relativeDifference(m.a, h.a) <= tolerance, "\(label), pair \(i) A: \(relativeDifference(m.a, h.a))", sourceLocation: sourceLocation)
        #expect(relativeDifference(m.b, h.b) <= tolerance, "\(label), pair \(i) B: \(relativeDifference(m.b, h.b))", sourceLocation: sourceLocation)
    }
}

/// The upper-triangular T with T^T T = S (S symmetric positive definite), by Cholesky.
func choleskyUpper(_ s: Dense) -> Dense {
    guard let l = choleskyLower(s) else { preconditionFailure("choleskyUpper: the matrix is not positive definite") }
    return tr(l)
}

@Suite("One step by hand")
struct OneStepTests {
    let problem = LeastSquares.random(seed: 41)
    let eta = 0.01

    @Test func adam() throws {
        // t = 1: m-hat = g and sqrt(v-hat) = |g|, so X <- X (1 - eta lambda) - eta g / (|g| + eps).
        let (start, g, result) = try firstStep("adam", ["weight_decay": .number(0.1)], problem: problem, learningRate: eta)
        let hand = zip(start, g).map { x, g in
            DensePair(a: zip3(x.a, g.a, g.a) { x, g, _ in x * (1 - 0.01 * 0.1) - 0.01 * g / (abs(g) + 1e-8) },
                      b: zip3(x.b, g.b, g.b) { x, g, _ in x * (1 - 0.01 * 0.1) - 0.01 * g / (abs(g) + 1e-8) })
        }
        expectClose(result, hand, tolerance: 1e-14, "adam")
    }

    @Test func loraPlus() throws {
        // As Adam, with B stepping ratio times further.
        let (start, g, result) = try firstStep("lora-plus", ["ratio": .number(4)], problem: problem, learningRate: eta)
        let hand = zip(start, g).map { x, g in
            DensePair(a: zip3(x.a, g.a, g.a) { x, g, _ in x - 0.01 * g / (abs(g) + 1e-8) },
                      b: zip3(x.b, g.b, g.b) { x, g, _ in x - 0.04 * g / (abs(g) + 1e-8) })
        }
        expectClose(result, hand, tolerance: 1e-14, "lora-plus")
    }

    @Test func scaledAdam() throws {
        // No bias correction: m = (1 - b1) g~, sqrt(v) = sqrt(1 - b2) |g~|, so X <- X - eta (1 - b1) g~ / (sqrt(1 - b2) |g~| + eps),
        // with gA~ = (B^T B + d I)^{-1} gA and gB~ = gB (A1 A1^T + d I)^{-1} from the UPDATED A1.
        let (start, g, result) = try firstStep("scaled-adam", ["damping": .number(0.3)], problem: problem, learningRate: eta)
        func adamStep(_ x: Dense, _ gt: Dense) -> Dense {
            zip3(x, gt, gt) { x, g, _ in x - 0.01 * 0.1 * g / (0.001.squareRoot() * abs(g) + 1e-8) }
        }
        let hand = zip(start, g).map { x, g -> DensePair in
            let r = x.a.count
            let a1 = adamStep(x.a, mul(choleskyInverse(add(mul(tr(x.b), x.b), identityDense(r), 0.3))!, g.a))
            let b1 = adamStep(x.b, mul(g.b, choleskyInverse(add(mul(a1, tr(a1)), identityDense(r), 0.3))!))
            return DensePair(a: a1, b: b1)
        }
        expectClose(result, hand, tolerance: 1e-13, "scaled-adam")
    }

    @Test func shampooGraftPhase() throws {
        // Step 0 < start_preconditioning_step: graft (SGD) with Nesterov: u = g + b1 g, X <- X - eta (1 + b1) g.
        let (start, g, result) = try firstStep("shampoo", problem: problem, learningRate: eta)
        let hand = zip(start, g).map { x, g in DensePair(a: add(x.a, g.a, -0.01 * 1.9), b: add(x.b, g.b, -0.01 * 1.9)) }
        expectClose(result, hand, tolerance: 1e-15, "shampoo, graft phase")
    }

    @Test func shampooPreconditioned() throws {
        // start 0: L = b2 eps I + (1 - b2) G G^T, R likewise; D = L'^{-1/4} G R'^{-1/4} with the relative ridge
        // eps max(lambda_max, 1e-6); grafted to ||G||; X <- X - eta (1 + b1) D.
        let (start, g, result) = try firstStep("shampoo", ["start_preconditioning_step": .number(0)], problem: problem, learningRate: eta)
        func root(_ s: Dense) -> Dense {
            let ridge = 1e-6 * max(jacobiEigen(s).values.last!, 1e-6)
            return spectralFunction(s) { pow($0 + ridge, -0.25) }
        }
        func direction(_ g: Dense) -> Dense {
            let l = add(scaled(identityDense(g.count), 0.999e-6), mul(g, tr(g)), 0.001)
            let r = add(scaled(identityDense(g[0].count), 0.999e-6), mul(tr(g), g), 0.001)
            let d = mul(mul(root(l), g), root(r))
            return scaled(d, fro(g) / fro(d))
        }
        let hand = zip(start, g).map { x, g in DensePair(a: add(x.a, direction(g.a), -0.019), b: add(x.b, direction(g.b), -0.019)) }
        expectClose(result, hand, tolerance: 1e-11, "shampoo, preconditioned")
    }

    @Test func lamb() throws {
        // t = 1: u = g / (|g| + eps); X <- X - eta (||X|| / ||u||) u, the ratio 1 where B = 0.
        let zeroB = LeastSquares.random(seed: 42, zeroB: true)
        let (start, g, result) = try firstStep("lamb", problem: zeroB, learningRate: eta)
        func lambStep(_ x: Dense, _ g: Dense) -> Dense {
            let u = elementwise(g) { $0 / (abs($0) + 1e-6) }
            let ratio = fro(x) == 0 || fro(u) == 0 ? 1 : fro(x) / fro(u)
            return add(x, u, -0.01 * ratio)
        }
        let hand = zip(start, g).map { x, g in DensePair(a: lambStep(x.a, g.a), b: lambStep(x.b, g.b)) }
        expectClose(result, hand, tolerance: 1e-14, "lamb")
        #expect(result.map(\.a) == start.map(\.a), "the gradient of A is 0 when B = 0, so A must not move")
    }

    @Test func sgdWithMomentum() throws {
        // X1 = X0 - eta g0;  X2 = X1 - eta (mu g0 + g1).
        let optimizer = try OptimizerFactory.make("sgd", hyperparameters: ["momentum": .number(0.9)], shapes: problem.shapes, scalar: Double.self)
        var pairs = problem.start.map(\.loRAPair)
        let g0 = problem.gradients(problem.start)
        _ = try optimizer.step(&pairs, gradients: g0.map(\.loRAPair), learningRate: eta)
        let x1 = pairs.map(DensePair.init)
        expectClose(x1, zip(problem.start, g0).map { DensePair(a: add($0.a, $1.a, -eta), b: add($0.b, $1.b, -eta)) }, tolerance: 1e-15, "sgd step 1")
        let g1 = problem.gradients(x1)
        _ = try optimizer.step(&pairs, gradients: g1.map(\.loRAPair), learningRate: eta)
        let hand = (0 ..< x1.count).map { i in
            DensePair(a: add(x1[i].a, add(scaled(g0[i].a, 0.9), g1[i].a), -eta), b: add(x1[i].b, add(scaled(g0[i].b, 0.9), g1[i].b), -eta))
        }
        expectClose(pairs.map(DensePair.init), hand, tolerance: 1e-15, "sgd step 2")
    }

    @Test func loraRiteReference() throws {
        // k = 0: both decays are 0, so V = S = Gbar^T Gbar / m and M = Gbar K. Without clip and skip, for the A side
        // (paper orientation, A^T = U_A T_A, T from Cholesky of B^T B instead of QR):
        //   Gbar = G_A^T T_B^{-1},  K = Q diag(1 / (sqrt(lambda) + eps)) Q^T of Gbar^T Gbar / in,  dA^T = -eta Gbar K T_B^{-T}.
        let (start, g, result) = try firstStep("lora-rite", ["clip": .number(0), "skip": .number(0)], problem: problem, learningRate: eta)
        func side(_ gradient: Dense, other: Dense) -> Dense {                    // both in paper orientation
            let t = choleskyUpper(mul(tr(other), other))
            let tInverse = triangularPseudoInverse(t)
            let gbar = mul(gradient, tInverse)
            let k = spectralFunction(scaled(mul(tr(gbar), gbar), 1 / Double(gbar.count))) { 1 / ($0.squareRoot() + 1e-6) }
            return mul(mul(gbar, k), tr(tInverse))
        }
        let hand = zip(start, g).map { x, g in
            DensePair(a: add(x.a, tr(side(tr(g.a), other: x.b)), -eta), b: add(x.b, side(g.b, other: tr(x.a)), -eta))
        }
        expectClose(result, hand, tolerance: 1e-12, "lora-rite reference")
    }

    @Test func loraRitePaper() throws {
        // Paper variant at k = 0, no bias correction: V = (1 - b2) Gbar^T Gbar, M = (1 - b1) Gbar (V + rho + eps)^{-1/2} (rho = 0).
        let (start, g, result) = try firstStep("lora-rite", ["variant": .text("paper")], problem: problem, learningRate: eta)
        func side(_ gradient: Dense, other: Dense) -> Dense {
            let tInverse = triangularPseudoInverse(choleskyUpper(mul(tr(other), other)))
            let gbar = mul(gradient, tInverse)
            let k = spectralFunction(scaled(mul(tr(gbar), gbar), 0.001)) { 1 / ($0 + 1e-6).squareRoot() }
            return scaled(mul(mul(gbar, k), tr(tInverse)), 0.1)
        }
        let hand = zip(start, g).map { x, g in
            DensePair(a: add(x.a, tr(side(tr(g.a), other: x.b)), -eta), b: add(x.b, side(g.b, other: tr(x.a)), -eta))
        }
        expectClose(result, hand, tolerance: 1e-12, "lora-rite paper")
    }
}
