import LinearAlgebra
import Model
import RiteCore
import Foundation
import Optimizers

/// Hyper-parameters of base-model pretraining.
public struct PretrainingConfig: Codable, Hashable, Sendable {
    /// After a linear warm-up, `cosine` or `linear` decay to `minLearningRateRatio * learningRate`
    /// (`LearningRateSchedule.warmupDecayToFloor`).
    public typealias Schedule = LearningRateSchedule.DecayShape

    public var steps: Int
    public var batch: Int
    /// Peak learning rate.
    public var learningRate: Double
    public var warmupSteps: Int
    public var schedule: Schedule
    /// The final learning rate as a fraction of the peak.
    public var minLearningRateRatio: Double
    /// Decoupled (AdamW) weight decay, applied to matrices only, never to biases or LayerNorm
    /// gains and shifts; to the embedding tables only when `decayEmbeddings` is set.
    public var weightDecay: Double
    /// Whether weight decay also applies to the token and position embeddings (`wte`, `wpe`).
    /// With the tied head, decay shrinks the embedding of every token towards zero, and a rare
    /// token's only counterweight is its few occurrences; the base-model recipe turns it off.
    public var decayEmbeddings: Bool
    public var beta1: Double
    public var beta2: Double
    public var epsilon: Double
    /// Global gradient-norm clipping threshold; 0 disables clipping.
    public var gradientClip: Double
    /// Seeds the choice of training windows.
    public var seed: UInt64

    public init(steps: Int, batch: Int = 16, learningRate: Double = 3e-3, warmupSteps: Int = 100, schedule: Schedule = .cosine,
                minLearningRateRatio: Double = 0.1, weightDecay: Double = 0.1, beta1: Double = 0.9, beta2: Double = 0.95,
                epsilon: Double = 1e-8, gradientClip: Double = 1, decayEmbeddings: Bool = true, seed: UInt64) {
        self.steps = steps
        self.batch = batch
        self.learningRate = learningRate
        self.warmupSteps = warmupSteps
        self.schedule = schedule
        self.minLearningRateRatio = minLearningRateRatio
        self.weightDecay = weightDecay
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.gradientClip = gradientClip
        self.decayEmbeddings = decayEmbeddings
        self.seed = seed
    }

    /// Throws `ModelError.invalidConfiguration` naming the first field out of range.
    public func validate() throws {
        func require(_ ok: Bool, _ field: String, _ value: CustomStringConvertible, _ expected: String) throws {
            if !ok { throw ModelError.invalidConfiguration("pretraining \(field) = \(value); expected \(expected)") }
        }
        try require(steps >= 1, "steps", steps, "at least 1")
        try require(batch >= 1, "batch", batch, "at least 1")
        try require(learningRate.isFinite && learningRate > 0, "learningRate", learningRate, "a finite positive number")
        try require(warmupSteps >= 0, "warmupSteps", warmupSteps, "at least 0")
        try require(minLearningRateRatio >= 0 && minLearningRateRatio <= 1, "minLearningRateRatio", minLearningRateRatio, "0 ... 1")
        try require(weightDecay >= 0 && weightDecay.isFinite, "weightDecay", weightDecay, "a finite number >= 0")
        try require(beta1 >= 0 && beta1 < 1, "beta1", beta1, "0 ... 1 (exclusive)")
        try require(beta2 >= 0 && beta2 < 1, "beta2", beta2, "0 ... 1 (exclusive)")
        try require(epsilon > 0 && epsilon.isFinite, "epsilon", epsilon, "a finite positive number")
        try require(gradientClip >= 0 && gradientClip.isFinite, "gradientClip", gradientClip, "a finite number >= 0")
    }
}

/// One step's report to the progress callback.
public struct PretrainingProgress: Sendable {
    /// 1-based step number.
    public var step: Int
    public var loss: Float
    public var learningRate: Double
    /// Global gradient norm before clipping.
    public var gradientNorm: Double
}

/// Full-parameter pretraining with AdamW on random windows of a token stream.
///
/// Each step draws `batch` windows of `contextLength + 1` tokens at uniformly random offsets
/// (from the seed), trains on next-token prediction at every position, clips the global
/// gradient norm, and applies the Optimizers target's `FlatAdamW` (bias-corrected):
/// `m = b1 m + (1 - b1) g`, `v = b2 v + (1 - b2) g^2`,
/// `p -= lr_t (m / (1 - b1^t) / (sqrt(v / (1 - b2^t)) + eps) + wd p)` (wd on matrices only, and
/// on the embeddings only if `decayEmbeddings`), at the rate of `schedule`.
/// Deterministic: the same model, stream and configuration give bit-identical parameters.
public struct Pretrainer {
    public let config: PretrainingConfig

    public init(config: PretrainingConfig) throws {
        try config.validate()
        self.config = config
    }

    /// The tensors `decayEmbeddings` refers to.
    public static let embeddingNames: Set<String> = ["wte", "wpe"]

    /// Linear warm-up, then decay to the floor over the remaining steps.
    public var schedule: LearningRateSchedule {
        .warmupDecayToFloor(peak: config.learningRate, warmupSteps: config.warmupSteps, totalSteps: config.steps,
                            floorRatio: config.minLearningRateRatio, shape: config.schedule)
    }

    /// The learning rate of 1-based step `step`.
    public func learningRate(at step: Int) -> Double { schedule.rate(atStep: step - 1) }

    /// Trains `model` in place on `tokens`; returns the loss of every step. Throws on a token
    /// outside the vocabulary, a stream shorter than one window, a batch above the model's
    /// `maxBatch`, or a non-finite loss or gradient (`ModelError.diverged` with the step).
    @discardableResult
    public func run(model: Transformer, tokens: [Int32], progress: (PretrainingProgress) -> Void = { _ in }) throws -> [Float] {
        let T = model.config.contextLength, B = config.batch
        if B > model.maxBatch {
            throw ModelError.invalidConfiguration("pretraining batch = \(B); expected at most the model's maxBatch \(model.maxBatch)")
        }
        if tokens.count < T + 1 {
            throw ModelError.invalidInput("the pretraining stream has \(tokens.count) tokens; expected at least contextLength + 1 = \(T + 1)")
        }
        if let bad = tokens.firstIndex(where: { $0 < 0 || Int($0) >= model.config.vocabularySize }) {
            throw ModelError.invalidInput("pretraining token \(tokens[bad]) at \(bad) outside 0 ..< \(model.config.vocabularySize)")
        }
        var rng = SeededGenerator(seed: config.seed)
        let segments = model.layout.entries.map { entry in
            FlatAdamW<Float>.Segment(range: entry.offset ..< entry.offset + entry.count,
                                     decays: entry.isMatrix && (config.decayEmbeddings || !Self.embeddingNames.contains(entry.name)))
        }
        var adamW = try FlatAdamW<Float>(count: model.parameterCount, beta1: config.beta1, beta2: config.beta2,
                                         epsilon: config.epsilon, weightDecay: config.weightDecay, segments: segments)
        var inputs = [Int32](repeating: 0, count: B * T)
        var targets = [Int32](repeating: 0, count: B * T)
        var losses: [Float] = []
        losses.reserveCapacity(config.steps)
        for step in 1 ... config.steps {
            for b in 0 ..< B {
                let start = rng.nextIndex(tokens.count - T)
                for t in 0 ..< T {
                    inputs[b * T + t] = tokens[start + t]
                    targets[b * T + t] = tokens[start + t + 1]
                }
            }
            let loss = inputs.withUnsafeBufferPointer { i in
                targets.withUnsafeBufferPointer { t in model.forwardBackward(tokens: i, targets: t, batch: B, length: T, mode: .allWeights) }
            }
            let norm = model.withParameterGradients { g in
                var sum = 0.0
                for x in g { sum += Double(x) * Double(x) }
                return sum.squareRoot()
            }
            guard loss.isFinite, norm.isFinite else {
                throw ModelError.diverged("pretraining step \(step): loss = \(loss), gradient norm = \(norm)")
            }
            let lr = learningRate(at: step)
            let clip = config.gradientClip > 0 && norm > config.gradientClip ? config.gradientClip / norm : 1
            model.withParameterGradients { g in
                model.withParameters { p in adamW.step(parameters: p, gradients: g, gradientScale: clip, learningRate: lr) }
            }
            losses.append(loss)
            progress(PretrainingProgress(step: step, loss: loss, learningRate: lr, gradientNorm: norm))
        }
        return losses
    }
}
