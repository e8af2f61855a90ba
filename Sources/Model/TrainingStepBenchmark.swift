import LinearAlgebra

/// Times the LoRA training step (forward, backward, optimizer update) of a randomly initialised
/// model on random tokens, and a large single-threaded sgemm in the same process, so the ratio
/// of the two rates is comparable from machine to machine.
public enum TrainingStepBenchmark {
    /// The optimizer update: (adapters, their gradients, learning rate).
    public typealias Update = (inout [LoRAPair<Float>], [LoRAPair<Float>], Double) throws -> Void

    public struct Setup: Codable, Hashable, Sendable {
        public var config: ModelConfig
        public var batch: Int
        public var lora: LoRAConfig
        public var warmupSteps: Int
        public var measuredSteps: Int
        public var learningRate: Double
        public var seed: UInt64
        /// Side of the square sgemm used as the reference rate.
        public var sgemmSize: Int
        public var sgemmRepetitions: Int

        public init(config: ModelConfig, batch: Int, lora: LoRAConfig, warmupSteps: Int = 3, measuredSteps: Int = 15,
                    learningRate: Double = 1e-4, seed: UInt64 = 1, sgemmSize: Int = 1024, sgemmRepetitions: Int = 7) {
            self.config = config
            self.batch = batch
            self.lora = lora
            self.warmupSteps = warmupSteps
            self.measuredSteps = measuredSteps
            self.learningRate = learningRate
            self.seed = seed
            self.sgemmSize = sgemmSize
            self.sgemmRepetitions = sgemmRepetitions
        }

        public func validate() throws {
            try config.validate()
            try lora.validate(width: config.width)
            if batch < 1 { throw ModelError.invalidConfiguration("benchmark batch = \(batch); expected at least 1") }
            if warmupSteps < 0 { throw ModelError.invalidConfiguration("benchmark warmupSteps = \(warmupSteps); expected at least 0") }
            if measuredSteps < 1 { throw ModelError.invalidConfiguration("benchmark measuredSteps = \(measuredSteps); expected at least 1") }
            if sgemmSize < 1 || sgemmRepetitions < 1 {
                throw ModelError.invalidConfiguration("benchmark sgemm size \(sgemmSize) x \(sgemmRepetitions) repetitions; expected both at least 1")
            }
        }
    }

    public struct Result: Codable, Hashable, Sendable {
        public var setup: Setup
        /// Median wall time of the whole step (forward, backward, update).
        public var stepMilliseconds: Double
        /// Median wall time of the forward pass alone (no gradient), for the phase split.
        public var forwardMilliseconds: Double
        /// Median wall time of the update alone.
        public var updateMilliseconds: Double
        /// `FLOPCount.trainingStep` in LoRA mode (the update is not counted).
        public var flopsPerStep: Int
        public var achievedGFLOPS: Double
        public var sgemmGFLOPS: Double
        /// achievedGFLOPS / sgemmGFLOPS.
        public var ratio: Double
        public var finalLoss: Float
    }

    /// Runs the benchmark. BLAS stays single-threaded (the process default).
    public static func run(_ setup: Setup, update: Update) throws -> Result {
        try setup.validate()
        let c = setup.config, B = setup.batch, T = c.contextLength
        let model = Transformer(config: c, maxBatch: B, seed: setup.seed)
        model.attachLoRA(setup.lora, seed: setup.seed &+ 1)
        // B must not start at zero, or A would get a zero gradient: give it small random values
        // so the timed work is that of a step in the middle of training.
        var rng = SeededGenerator(seed: setup.seed &+ 2)
        for i in model.loraPairs.indices {
            let b = model.loraPairs[i].b
            model.loraPairs[i].b = Matrix(rows: b.rows, cols: b.cols) { _, _ in Float(rng.nextUniform(-0.01, 0.01)) }
        }
        let tokens = (0 ..< B * T).map { _ in Int32(rng.nextIndex(c.vocabularySize)) }
        let targets = (0 ..< B * T).map { _ in Int32(rng.nextIndex(c.vocabularySize)) }
        var stepTimes: [Double] = [], forwardTimes: [Double] = [], updateTimes: [Double] = []
        var loss: Float = 0
        try tokens.withUnsafeBufferPointer { x in
            try targets.withUnsafeBufferPointer { y in
                for step in 0 ..< setup.warmupSteps + setup.measuredSteps {
                    var updateTime = 0.0
                    let stepTime = try milliseconds {
                        loss = model.forwardBackward(tokens: x, targets: y, batch: B, length: T, mode: .lora)
                        updateTime = try milliseconds { try update(&model.loraPairs, model.loraGradients, setup.learningRate) }
                    }
                    let forwardTime = milliseconds { _ = model.forward(tokens: x, targets: y, batch: B, length: T) }
                    if step >= setup.warmupSteps {
                        stepTimes.append(stepTime)
                        forwardTimes.append(forwardTime)
                        updateTimes.append(updateTime)
                    }
                }
            }
        }
        let flops = FLOPCount.trainingStep(config: c, batch: B, length: T, headRows: B * T, lora: setup.lora, mode: .lora)
        let stepMedian = median(stepTimes)
        let achieved = Double(flops) / (stepMedian * 1e6)
        let sgemm = sgemmGFLOPS(size: setup.sgemmSize, repetitions: setup.sgemmRepetitions)
        return Result(setup: setup, stepMilliseconds: stepMedian, forwardMilliseconds: median(forwardTimes),
                      updateMilliseconds: median(updateTimes), flopsPerStep: flops, achievedGFLOPS: achieved,
                      sgemmGFLOPS: sgemm, ratio: achieved / sgemm, finalLoss: loss)
    }

    /// Median GFLOP/s of `C = A B` on `size x size` Float matrices (after one warm-up product).
    public static func sgemmGFLOPS(size n: Int, repetitions: Int) -> Double {
        var rng = SeededGenerator(seed: 7)
        let a = Matrix<Float>(rows: n, cols: n) { _, _ in Float(rng.nextUniform(-1, 1)) }
        let b = Matrix<Float>(rows: n, cols: n) { _, _ in Float(rng.nextUniform(-1, 1)) }
        var c = Matrix<Float>(rows: n, cols: n)
        Matrix.gemm(into: &c, a, b)
        let times = (0 ..< repetitions).map { _ in milliseconds { Matrix.gemm(into: &c, a, b) } }
        return 2 * Double(n) * Double(n) * Double(n) / (median(times) * 1e6)
    }

    static func milliseconds(_ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        try body()
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
