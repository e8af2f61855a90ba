import Foundation
import LinearAlgebra
import NaiveReferences
import Optimizers
import Testing

// LoRA-RITE at full rank (r = in = out) with Float parameters, where the tiny preset at rank 64 blew up
// (issue 13): when r exceeds the rank of the gradient, B leaves zero nearly rank-deficient, and storing it
// in Float turns its null directions into rounding noise of about 1e-8 of its largest singular value. The
// pseudo-inverse of T_B must treat that noise as zero, as it treats Double's own round-off in Double;
// re-magnifying by its inverse took ||A|| from 13 to 1.8e8 in one step of the model.

/// Rounds every entry to the nearest Float, so that the matrix is the same in both precisions.
func floatRepresentable(_ a: Dense) -> Dense { a.map { $0.map { Double(Float($0)) } } }

func floatPair(_ p: DensePair) -> LoRAPair<Float> {
    LoRAPair(a: Matrix(converting: p.loRAPair.a), b: Matrix(converting: p.loRAPair.b))
}
func densePair(_ p: LoRAPair<Float>) -> DensePair {
    DensePair(a: Matrix<Double>(converting: p.a).nestedRows, b: Matrix<Double>(converting: p.b).nestedRows)
}

/// Runs LoRA-RITE with Float parameters: gradients are computed in Double from the Float pairs and rounded
/// to Float, as the model hands them over. Returns the pairs after every step.
func floatTrajectory(_ optimizer: any LoRAOptimizer<Float>, problem: LeastSquares, steps: Int,
                     learningRate: Double) throws -> [[DensePair]] {
    var pairs = problem.start.map(floatPair)
    var out: [[DensePair]] = []
    for _ in 0 ..< steps {
        let gradients = problem.gradients(pairs.map(densePair)).map(floatPair)
        _ = try optimizer.step(&pairs, gradients: gradients, learningRate: learningRate)
        out.append(pairs.map(densePair))
    }
    return out
}

@Suite("LoRA-RITE at full rank with Float parameters")
struct FullRankTests {
    @Test("Float rounding noise of a rank-deficient B is not re-magnified: one step matches the Double step")
    func roundingNoiseIsNotInverted() throws {
        // r = in = out = 16. B's last 8 columns are B1 C with B1 Float-representable and C small integers, so
        // that in Double B has rank 8 exactly (these products of 24-bit numbers and small integers are exact), while in Float
        // B1 C is rounded and B's 8 null singular values become about 1e-8 of its largest.
        let (n, h) = (16, 8)
        var rng = SplitMix64(seed: 71)
        let b1 = floatRepresentable(randomDense(n, h, &rng, scale: 0.01))
        let c = (0 ..< h).map { _ in (0 ..< h).map { _ in (3 * rng.symmetric()).rounded() } }
        let b = zip(b1, mul(b1, c)).map { $0 + $1 }
        let start = DensePair(a: floatRepresentable(randomDense(n, n, &rng, scale: 1 / Double(n).squareRoot())), b: b)
        // The chain rule's gradients of a loss with dL/d(B A) = G, rounded to Float as the model hands them over:
        // dA = B^T G and dB = G A^T (PEFT layout, scale 1).
        let g = randomDense(n, n, &rng, scale: 1e-2)
        let gradient = DensePair(a: floatRepresentable(mul(tr(b), g)), b: floatRepresentable(mul(g, tr(start.a))))
        let shapes = [LoRAShape(start.loRAPair)]
        let learningRate = 1e-3
        // A's unmagnified gradient has rank 8, so its V is singular; force_positive keeps the reference's
        // missing clamp from zeroing the step when round-off makes a zero eigenvalue negative.
        let settings: Hyperparameters = ["force_positive": .flag(true)]

        var exact = [start.loRAPair]
        let doubleReport = try OptimizerFactory.make("lora-rite", hyperparameters: settings, shapes: shapes, scalar: Double.self)
            .step(&exact, gradients: [gradient.loRAPair], learningRate: learningRate)
        #expect(doubleReport.skippedFactors == 0 && doubleReport.zeroedPreconditionedSteps == 0, "the Double step is a full step")
        var rounded = [floatPair(start)]
        _ = try OptimizerFactory.make("lora-rite", hyperparameters: settings, shapes: shapes, scalar: Float.self)
            .step(&rounded, gradients: [floatPair(gradient)], learningRate: learningRate)

        let (d, f) = (DensePair(exact[0]), densePair(rounded[0]))
        let moveA = (double: fro(add(d.a, start.a, -1)), float: fro(add(f.a, start.a, -1)))
        // The Double step ignores B's null space (its T_B^+ has rank 8), so A moves by about lr sqrt(n) / sigma(B1).
        #expect(moveA.double > 0 && moveA.double < 10)
        // Inverting B's Float rounding noise instead moves A by about lr / (1e-8 sigma_max).
        #expect(abs(moveA.float - moveA.double) <= 1e-5 * moveA.double, "|dA| Float \(moveA.float), Double \(moveA.double)")
        let deltaZ = (double: add(d.product, start.product, -1), float: add(f.product, start.product, -1))
        #expect(relativeDifference(deltaZ.float, deltaZ.double) <= 1e-5, "B A moved by \(fro(deltaZ.double))")
    }

    @Test("a least-squares problem whose gradients have rank 10 < r = 16 trains with Float parameters")
    func rankDeficientGradientsTrain() throws {
        // k = 10 samples, so every gradient has rank at most 10 while r = in = out = 16; reference defaults.
        let problem = LeastSquares.random(seed: 61, shapes: [(16, 16, 16, 10), (16, 16, 16, 10)], zeroB: true, targetScale: 0.05)
        let optimizer = try OptimizerFactory.make("lora-rite", hyperparameters: [:], shapes: problem.shapes, scalar: Float.self)
        let path = try floatTrajectory(optimizer, problem: problem, steps: 100, learningRate: 3e-3)
        let (initial, final) = (problem.loss(problem.start), problem.loss(path.last!))
        #expect(path.allSatisfy { $0.allSatisfy { p in p.a.joined().allSatisfy(\.isFinite) && p.b.joined().allSatisfy(\.isFinite) } })
        // Before the fix the loss rose from 0.065 to 470 and ||A|| reached 7e7.
        #expect(final < 1e-2 * initial, "loss \(initial) -> \(final)")
    }
}
