import RiteCore
import Foundation
import LinearAlgebra

/// Times the LoRA training step (forward, backward, optimizer update) of a randomly initialised
/// model on random tokens, and a large single-threaded sgemm in the same process (alternating
/// with the steps), so the ratio of the two rates is comparable from machine to machine and
/// robust to other load on the machine.
public enum TrainingStepBenchmark {
    /// The optimizer update: (adapters, their gradients, learning rate).
    public typealias Update = (inout [LoRAPair<Float>], [LoRAPair<Float>], Double) throws -> Void

    /// One training batch: `rows x length` tokens and targets, row-major (targets < 0 are ignored).
    public struct Batch: Sendable {
        public var tokens: [Int32]
        public var targets: [Int32]
        public var rows: Int
        public var length: Int

        public init(tokens: [Int32], targets: [Int32], rows: Int, length: Int) {
            self.tokens = tokens
            self.targets = targets
            self.rows = rows
            self.length = length
        }
    }

    public struct Setup: Codable, Hashable, Sendable {
        public var config: ModelConfig
        public var batch: Int
        public var lora: LoRAConfig
        public var warmupSteps: Int
        public var measuredSteps: Int
        public var learningRate: Double
        public var seed: UInt64
        /// Side of the square sgemm used as the reference rate (timed once after every step).
        public var sgemmSize: Int
        /// Where the batches come from: nil for random tokens with every position scored, or a
        /// description of the caller's batches (for example a task's training split).
        public var data: String?

        public init(config: ModelConfig, batch: Int, lora: LoRAConfig, warmupSteps: Int = 3, measuredSteps: Int = 15,
                    learningRate: Double = 1e-4, seed: UInt64 = 1, sgemmSize: Int = 1024) {
            self.config = config
            self.batch = batch
            self.lora = lora
            self.warmupSteps = warmupSteps
            self.measuredSteps = measuredSteps
            self.learningRate = learningRate
            self.seed = seed
            self.sgemmSize = sgemmSize
            data = nil
        }

        public func validate() throws {
            try config.validate()
            try lora.validate(width: config.width)
            if batch < 1 { throw ModelError.invalidConfiguration("benchmark batch = \(batch); expected at least 1") }
            if warmupSteps < 0 { throw ModelError.invalidConfiguration("benchmark warmupSteps = \(warmupSteps); expected at least 0") }
            if measuredSteps < 1 { throw ModelError.invalidConfiguration("benchmark measuredSteps = \(measuredSteps); expected at least 1") }
            if sgemmSize < 1 { throw ModelError.invalidConfiguration("benchmark sgemmSize = \(sgemmSize); expected at least 1") }
        }
    }

    /// Medians of one timed phase, on two clocks: wall time, and the thread's CPU time (which
    /// leaves out the time slices other processes took, so it is the steadier of the two on a
    /// shared machine).
    public struct Timing: Codable, Hashable, Sendable {
        public var wallMilliseconds: Double
        public var cpuMilliseconds: Double
    }

    public struct Result: Codable, Hashable, Sendable {
        public var setup: Setup
        /// The whole step: forward, backward, update.
        public var step: Timing
        /// The forward pass alone (no gradient), for the phase split.
        public var forward: Timing
        /// The update alone.
        public var update: Timing
        /// One `sgemmSize`^3 product, timed between the steps.
        public var sgemm: Timing
        /// `FLOPCount.trainingStep` in LoRA mode (the update is not counted); with the caller's
        /// batches, the mean over the timed steps.
        public var flopsPerStep: Int
        /// flopsPerStep over the median step, on each clock.
        public var achievedGFLOPS: Double
        public var achievedCPUGFLOPS: Double
        public var sgemmGFLOPS: Double
        /// OpenBLAS's build and kernel family (`BLASRuntime.configuration`).
        public var blas: String
        public var sgemmCPUGFLOPS: Double
        /// achieved / sgemm, on each clock.
        public var ratio: Double
        public var cpuRatio: Double
        public var finalLoss: Float
        /// Mean wall time per step of each phase of forward and backward (the rest of the step is
        /// the update, embedding, bookkeeping and the timers themselves).
        public var phases: [PhaseTiming]
    }

    public struct PhaseTiming: Codable, Hashable, Sendable {
        public var name: String
        public var milliseconds: Double
    }

    /// Runs the benchmark. BLAS stays single-threaded (the process default), and subnormals are
    /// flushed to zero as in a fine-tuning run.
    /// With `batches`, step i trains on `batches[i % batches.count]` (each of at most
    /// `setup.batch` rows and `contextLength` positions) instead of random tokens.
    public static func run(_ setup: Setup, batches: [Batch]? = nil, update: Update) throws -> Result {
        try FloatingPointEnvironment.withSubnormalsFlushed { try timeSteps(setup, batches: batches, update: update) }
    }

    /// The mean wall seconds per step over `setup.measuredSteps` consecutive steps after
    /// `setup.warmupSteps`, with nothing else run between the steps (no sgemm, no forward pass, no
    /// phases): the throughput of a training loop, periodic work such as Shampoo's roots included.
    /// Subnormals are flushed to zero as in a fine-tuning run.
    public static func meanStepSeconds(_ setup: Setup, batches: [Batch]? = nil, update: Update) throws -> Double {
        try FloatingPointEnvironment.withSubnormalsFlushed {
            let (model, batches) = try prepare(setup, batches: batches)
            func step(_ i: Int) throws {
                let batch = batches[i % batches.count]
                _ = batch.tokens.withUnsafeBufferPointer { x in
                    batch.targets.withUnsafeBufferPointer { y in
                        model.forwardBackward(tokens: x, targets: y, batch: batch.rows, length: batch.length, mode: .lora)
                    }
                }
                try update(&model.loraPairs, model.loraGradients, setup.learningRate)
            }
            for i in 0 ..< setup.warmupSteps { try step(i) }
            let window = try measure { for i in setup.warmupSteps ..< setup.warmupSteps + setup.measuredSteps { try step(i) } }
            return window.wall / 1e3 / Double(setup.measuredSteps)
        }
    }

    /// A model of the setup with adapters whose B is small and random (so the timed work is that
    /// of a step in the middle of training), and the batches: the caller's, or one of random tokens
    /// with every position scored.
    private static func prepare(_ setup: Setup, batches given: [Batch]?) throws -> (Transformer, [Batch]) {
        try setup.validate()
        let c = setup.config, B = setup.batch, T = c.contextLength
        if let given {
            guard !given.isEmpty, given.allSatisfy({ $0.rows >= 1 && $0.rows <= B && $0.length >= 1 && $0.length <= T
                && $0.tokens.count == $0.rows * $0.length && $0.targets.count == $0.rows * $0.length }) else {
                throw ModelError.invalidConfiguration("benchmark batches must be non-empty, of 1 ... \(B) rows and 1 ... \(T) positions")
            }
        }
        let model = Transformer(config: c, maxBatch: B, seed: setup.seed)
        model.attachLoRA(setup.lora, seed: setup.seed &+ 1)
        // B must not start at zero, or A would get a zero gradient.
        var rng = SeededGenerator(seed: setup.seed &+ 2)
        for i in model.loraPairs.indices {
            let b = model.loraPairs[i].b
            model.loraPairs[i].b = Matrix(rows: b.rows, cols: b.cols) { _, _ in Float(rng.nextUniform(-0.01, 0.01)) }
        }
        let random = Batch(tokens: (0 ..< B * T).map { _ in Int32(rng.nextIndex(c.vocabularySize)) },
                           targets: (0 ..< B * T).map { _ in Int32(rng.nextIndex(c.vocabularySize)) }, rows: B, length: T)
        return (model, given ?? [random])
    }

    private static func timeSteps(_ setup: Setup, batches given: [Batch]?, update: Update) throws -> Result {
        let c = setup.config
        let (model, batches) = try prepare(setup, batches: given)
        // The sgemm reference is timed between the steps, so both rates see the same machine load.
        let sgemm = SGEMMProbe(size: setup.sgemmSize)
        var steps: [Sample] = [], forwards: [Sample] = [], updates: [Sample] = [], products: [Sample] = []
        var loss: Float = 0, flopSum = 0
        let profile = PhaseProfile()
        for step in 0 ..< setup.warmupSteps + setup.measuredSteps {
            let batch = batches[step % batches.count]
            try batch.tokens.withUnsafeBufferPointer { x in
                try batch.targets.withUnsafeBufferPointer { y in
                    var updateTime = Sample(wall: 0, cpu: 0)
                    let stepTime = try measure {
                        loss = PhaseProfile.$current.withValue(step >= setup.warmupSteps ? profile : nil) {
                            model.forwardBackward(tokens: x, targets: y, batch: batch.rows, length: batch.length, mode: .lora)
                        }
                        updateTime = try measure { try update(&model.loraPairs, model.loraGradients, setup.learningRate) }
                    }
                    let forwardTime = measure { _ = model.forward(tokens: x, targets: y, batch: batch.rows, length: batch.length) }
                    let sgemmTime = measure { sgemm.run() }
                    if step >= setup.warmupSteps {
                        steps.append(stepTime)
                        forwards.append(forwardTime)
                        updates.append(updateTime)
                        products.append(sgemmTime)
                        flopSum += FLOPCount.trainingStep(config: c, segments: FLOPCount.segments(targets: batch.targets, rows: batch.rows,
                                                          length: batch.length), headRows: batch.targets.filter { $0 >= 0 }.count,
                                                          lora: setup.lora, mode: .lora)
                    }
                }
            }
        }
        let flops = flopSum / setup.measuredSteps
        let step = timing(steps), product = timing(products)
        let achieved = Double(flops) / (step.wallMilliseconds * 1e6), achievedCPU = Double(flops) / (step.cpuMilliseconds * 1e6)
        let sgemmRate = sgemm.flops / (product.wallMilliseconds * 1e6), sgemmCPURate = sgemm.flops / (product.cpuMilliseconds * 1e6)
        return Result(setup: setup, step: step, forward: timing(forwards), update: timing(updates), sgemm: product,
                      flopsPerStep: flops, achievedGFLOPS: achieved, achievedCPUGFLOPS: achievedCPU,
                      sgemmGFLOPS: sgemmRate, blas: BLASRuntime.configuration, sgemmCPUGFLOPS: sgemmCPURate,
                      ratio: achieved / sgemmRate, cpuRatio: achievedCPU / sgemmCPURate, finalLoss: loss,
                      phases: profile.phases.map { PhaseTiming(name: $0.name, milliseconds: $0.milliseconds / Double(setup.measuredSteps)) })
    }

    struct Sample {
        var wall: Double
        var cpu: Double
    }

    static func timing(_ samples: [Sample]) -> Timing {
        Timing(wallMilliseconds: median(samples.map(\.wall)), cpuMilliseconds: median(samples.map(\.cpu)))
    }

    /// `C = A B` on `size x size` Float matrices, ready to be timed.
    final class SGEMMProbe {
        let a: Matrix<Float>, b: Matrix<Float>
        var c: Matrix<Float>
        var flops: Double { 2 * Double(a.rows) * Double(a.rows) * Double(a.rows) }

        init(size n: Int) {
            var rng = SeededGenerator(seed: 7)
            a = Matrix(rows: n, cols: n) { _, _ in Float(rng.nextUniform(-1, 1)) }
            b = Matrix(rows: n, cols: n) { _, _ in Float(rng.nextUniform(-1, 1)) }
            c = Matrix(rows: n, cols: n)
            Matrix.gemm(into: &c, a, b) // warm-up: page faults and BLAS start-up
        }

        func run() { Matrix.gemm(into: &c, a, b) }
    }

    /// Wall and thread CPU time of `body`, in milliseconds.
    static func measure(_ body: () throws -> Void) rethrows -> Sample {
        let clock = ContinuousClock()
        let cpuStart = threadCPUSeconds()
        let start = clock.now
        try body()
        let elapsed = clock.now - start
        let cpu = threadCPUSeconds() - cpuStart
        return Sample(wall: Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15, cpu: cpu * 1e3)
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }
}
