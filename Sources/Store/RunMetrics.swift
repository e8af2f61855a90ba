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

/// The norms of one LoRA pair at one step: `||A||_F`, `||B||_F` after the step's update, and the
/// Frobenius norms of the update itself.
public struct PairMetric: Sendable, Equatable {
    public var step: Int
    /// The pair's name, for example `layer0.q`.
    public var pair: String
    public var aNorm: Double
    public var bNorm: Double
    public var aUpdateNorm: Double
    public var bUpdateNorm: Double

    public init(step: Int, pair: String, aNorm: Double, bNorm: Double, aUpdateNorm: Double, bUpdateNorm: Double) {
        self.step = step
        self.pair = pair
        self.aNorm = aNorm
        self.bNorm = bNorm
        self.aUpdateNorm = aUpdateNorm
        self.bUpdateNorm = bUpdateNorm
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
