// The values one run measures: the training loop (Training) produces them and the store (Store)
// keeps them, so they live below both.

/// The metrics of one training step, aggregated over all LoRA pairs of the model.
///
/// `aNorm` is the Frobenius norm of all `A` factors taken together (the root of the summed
/// squares of the per-pair norms), likewise `bNorm`; `aUpdateRatio` is the norm of the step's
/// change of all `A` factors together divided by `aNorm`, `nil` when `aNorm` is zero.
public struct StepMetric: Sendable, Equatable {
    public var step: Int
    public var trainLoss: Double
    public var learningRate: Double
    public var aNorm: Double
    public var bNorm: Double
    public var aUpdateRatio: Double?
    public var bUpdateRatio: Double?

    public init(step: Int, trainLoss: Double, learningRate: Double, aNorm: Double, bNorm: Double,
                aUpdateRatio: Double?, bUpdateRatio: Double?) {
        self.step = step
        self.trainLoss = trainLoss
        self.learningRate = learningRate
        self.aNorm = aNorm
        self.bNorm = bNorm
        self.aUpdateRatio = aUpdateRatio
        self.bUpdateRatio = bUpdateRatio
    }
}

/// A score measured during training (`step` > 0) or before it (`step` == 0).
public struct Evaluation: Sendable, Equatable {
    public var step: Int
    public var split: String
    public var metric: String
    public var value: Double

    public init(step: Int, split: String, metric: String, value: Double) {
        self.step = step
        self.split = split
        self.metric = metric
        self.value = value
    }
}

/// A score of the finished run.
public struct FinalScore: Sendable, Equatable, Hashable {
    public var split: String
    public var metric: String
    public var value: Double

    public init(split: String, metric: String, value: Double) {
        self.split = split
        self.metric = metric
        self.value = value
    }
}
