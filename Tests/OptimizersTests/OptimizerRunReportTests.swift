import Foundation
import LinearAlgebra
@testable import Optimizers
import RiteCore
import Testing

/// The step reports an optimizer returns, summed over a run by `OptimizerRunReport.add`.
@Suite struct OptimizerRunReportTests {
    @Test("lora-rite's skipped factors and internal gradient norms add up over a run")
    func loraRiteSkipsAddUp() throws {
        let problem = LeastSquares.random(seed: 55, targetScale: 200)
        let optimizer = try OptimizerFactory.make("lora-rite", hyperparameters: [:], shapes: problem.shapes, scalar: Double.self)
        var pairs = problem.start.map(\.loRAPair)
        var run = OptimizerRunReport()
        var norms: [Double] = []
        for step in 1 ... 6 {
            let report = try optimizer.step(&pairs, gradients: problem.gradients(pairs.map(DensePair.init)).map(\.loRAPair),
                                            learningRate: 0.01)
            norms.append(try #require(report.internalGradientNorm))
            run.add(report, atStep: step)
        }
        let factors = 2 * problem.start.count
        #expect(run.steps == 6)
        #expect(run.skippedFactors == OptimizerRunReport.Events(total: 6 * factors, steps: 6, firstStep: 1, lastStep: 6))
        #expect(run.zeroedPreconditionedSteps == OptimizerRunReport.Events())
        let norm = try #require(run.internalGradientNorm)
        #expect(norm.count == 6 && norm.minimum == norms.min() && norm.maximum == norms.max())
        #expect(abs(norm.mean - norms.reduce(0, +) / 6) <= 1e-12 * max(1, norm.maximum))
        #expect(run.trustRatio == nil)
    }

    @Test("lamb reports the trust ratio ||X|| / ||u|| of every factor; B = 0 gives 1")
    func lambTrustRatios() throws {
        let problem = LeastSquares.random(seed: 57, zeroB: true)
        let optimizer = try OptimizerFactory.make("lamb", hyperparameters: [:], shapes: problem.shapes, scalar: Double.self)
        var pairs = problem.start.map(\.loRAPair)
        let gradients = problem.gradients(problem.start).map(\.loRAPair)
        let report = try optimizer.step(&pairs, gradients: gradients, learningRate: 0.01)
        // Step 1 with bias correction: u = g / (|g| + eps), eps = 1e-6, no weight decay.
        var expected: [Double] = []
        for (start, gradient) in zip(problem.start.map(\.loRAPair), gradients) {
            for (x, g) in [(start.a, gradient.a), (start.b, gradient.b)] {
                let u = g.storage.map { $0 / (abs($0) + 1e-6) }
                let xNorm = x.storage.reduce(0) { $0 + $1 * $1 }.squareRoot()
                let uNorm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
                expected.append(xNorm == 0 || uNorm == 0 ? 1 : xNorm / uNorm)
            }
        }
        #expect(expected.contains(1.0), "every B starts at zero")
        let ratios = try #require(report.trustRatios)
        #expect(ratios.count == expected.count)
        #expect(abs(ratios.minimum - expected.min()!) <= 1e-12 && abs(ratios.maximum - expected.max()!) <= 1e-12 * expected.max()!)
        #expect(abs(ratios.mean - expected.reduce(0, +) / Double(expected.count)) <= 1e-12 * expected.max()!)
        var run = OptimizerRunReport()
        run.add(report, atStep: 1)
        run.add(try optimizer.step(&pairs, gradients: gradients, learningRate: 0.01), atStep: 2)
        #expect(run.trustRatio?.count == 2 * expected.count)
        #expect(!run.hasSkipsZeroedStepsOrFallbacks && run.internalGradientNorm == nil)
    }
}
