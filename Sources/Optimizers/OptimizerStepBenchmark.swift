import Foundation
import LinearAlgebra
import RiteCore

/// Measures the cost of one optimizer step on one LoRA pair of a given shape, for the paper's
/// Table 7 (time complexity as m, n and r grow). In the paper's notation A is m x r and B is n x r;
/// in our PEFT layout the pair has `a` of r x m (m = input width) and `b` of n x r (n = output width).
///
/// Optimizers with periodic work (Shampoo recomputes its roots every 100 steps) must be measured
/// amortised, so the benchmark times whole windows of `window` consecutive steps and reports the
/// median over `windows` windows of the mean step time in a window. Parameters and gradients are
/// random (fixed seed); `b` starts non-zero so every factor's update does its full work. The
/// learning rate is small enough that nothing diverges over the measured steps.
public enum OptimizerStepBenchmark {
    public struct Setup: Sendable, Hashable {
        public var optimizer: String
        public var m: Int
        public var n: Int
        public var r: Int
        public var warmupSteps: Int
        public var window: Int
        public var windows: Int

        public init(optimizer: String, m: Int, n: Int, r: Int, warmupSteps: Int = 10, window: Int = 100, windows: Int = 5) {
            self.optimizer = optimizer
            self.m = m
            self.n = n
            self.r = r
            self.warmupSteps = warmupSteps
            self.window = window
            self.windows = windows
        }
    }

    /// The median over windows of the mean seconds per step.
    public static func run(_ setup: Setup) throws -> Double {
        precondition(setup.m > 0 && setup.n > 0 && setup.r > 0 && setup.window > 0 && setup.windows > 0,
                     "OptimizerStepBenchmark: sizes and windows must be positive")
        var generator = SeededGenerator(seed: 0x5EED_0F_7AB1E7)
        func random(_ rows: Int, _ cols: Int, scale: Float) -> Matrix<Float> {
            Matrix(rows: rows, cols: cols) { _, _ in scale * Float(generator.nextUniform(-1, 1)) }
        }
        var pairs = [LoRAPair(a: random(setup.r, setup.m, scale: 1 / Float(setup.m).squareRoot()),
                              b: random(setup.n, setup.r, scale: 0.01))]
        // A few fixed gradients cycled through, so the statistics keep changing like real ones.
        let gradients = (0 ..< 4).map { _ in
            [LoRAPair(a: random(setup.r, setup.m, scale: 1e-3), b: random(setup.n, setup.r, scale: 1e-3))]
        }
        let optimizer = try OptimizerFactory.make(
            setup.optimizer, hyperparameters: try OptimizerFactory.resolve(setup.optimizer, overrides: [:]),
            shapes: [LoRAShape(rank: setup.r, inFeatures: setup.m, outFeatures: setup.n)], scalar: Float.self)
        var step = 0
        func advance() throws {
            _ = try optimizer.step(&pairs, gradients: gradients[step % gradients.count], learningRate: 1e-5)
            step += 1
        }
        for _ in 0 ..< setup.warmupSteps { try advance() }
        let clock = ContinuousClock()
        var means: [Double] = []
        for _ in 0 ..< setup.windows {
            let start = clock.now
            for _ in 0 ..< setup.window { try advance() }
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            means.append(seconds / Double(setup.window))
        }
        means.sort()
        return means.count % 2 == 1 ? means[means.count / 2] : (means[means.count / 2 - 1] + means[means.count / 2]) / 2
    }
}
