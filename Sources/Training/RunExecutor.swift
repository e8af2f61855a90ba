import RiteCore

/// Executes one fully resolved run (pretrained base + LoRA + optimizer + task + schedule) and
/// reports what it measures through `sink` as it goes.
///
/// Contract:
/// - call `sink.recordStep` once per training step (steps 1, 2, ...), `sink.recordEvaluation`
///   for each evaluation, and `sink.heartbeat` during long stretches without steps (evaluation);
/// - let every error thrown by the sink propagate (`RunDiverged` stops a diverging run; a lost
///   claim stops a run another worker has taken over);
/// - return `.done` with the final scores, or `.diverged` if the run detected divergence itself
///   (whether a done run learned is the sink's `OutcomeRule` to judge, not the executor's);
/// - throw for any other failure: the run is recorded `failed` with the error's text.
/// Executors run one at a time per worker process, with single-threaded BLAS.
public protocol RunExecutor: Sendable {
    func execute(_ run: ResolvedRun, sink: any RunSink) throws -> RunOutcome
}

/// How an executed run ended.
public enum RunOutcome: Sendable, Equatable {
    case done(scores: [FinalScore])
    case diverged(step: Int, reason: String)
}

/// Where an executor reports a run's progress.
public protocol RunSink: AnyObject {
    func recordStep(_ report: StepReport) throws
    func recordEvaluation(_ evaluation: Evaluation) throws
    /// Says the run is alive and at `step` (call it during long evaluations).
    func heartbeat(step: Int) throws
    /// The seconds spent training (steps only: no loading, no evaluation), reported once at the
    /// end; the store derives the run's training steps per second from it.
    func recordTrainingTime(seconds: Double)
}

extension RunSink {
    public func recordTrainingTime(seconds: Double) {}
}

/// Thrown by a sink when a run diverges (see `OutcomeRule`).
public struct RunDiverged: Error, Equatable, CustomStringConvertible {
    public var step: Int
    public var reason: String

    public init(step: Int, reason: String) {
        self.step = step
        self.reason = reason
    }

    public var description: String { "diverged at step \(step): \(reason)" }
}

/// The norms of one LoRA pair at one step. `a` and `b` are `||A||_F` and `||B||_F` after the
/// step's update; `deltaA` and `deltaB` are the Frobenius norms of the update itself
/// (`A_after - A_before`); `adapterRatio` is `||s B A||_F / ||W||_F`, the adapter's change of its
/// layer against the frozen weight (s = alpha / r), which `OutcomeRule` bounds. PEFT layout: `A`
/// is `r x in`, `B` is `out x r`.
public struct PairNorms: Sendable, Equatable {
    public var name: String
    public var a: Double
    public var b: Double
    public var deltaA: Double
    public var deltaB: Double
    public var adapterRatio: Double

    public init(name: String, a: Double, b: Double, deltaA: Double, deltaB: Double, adapterRatio: Double) {
        self.name = name
        self.a = a
        self.b = b
        self.deltaA = deltaA
        self.deltaB = deltaB
        self.adapterRatio = adapterRatio
    }
}

/// What one training step measured.
public struct StepReport: Sendable, Equatable {
    public var step: Int
    public var trainLoss: Double
    public var learningRate: Double
    public var pairs: [PairNorms]
    /// What the optimizer reported over steps 1 through `step` (the run so far, not this step alone):
    /// the last one a sink sees is the run's, whether it ends done, diverged or failed.
    public var optimizer: OptimizerRunReport

    public init(step: Int, trainLoss: Double, learningRate: Double, pairs: [PairNorms],
                optimizer: OptimizerRunReport = OptimizerRunReport()) {
        self.step = step
        self.trainLoss = trainLoss
        self.learningRate = learningRate
        self.pairs = pairs
        self.optimizer = optimizer
    }

    /// The aggregate the curves plot: all `A` factors of the model taken as one parameter
    /// (`||A|| = sqrt(sum_i ||A_i||^2)`, likewise `B` and the updates), and the update magnitude
    /// `||dA|| / ||A||` of that whole parameter (`nil` when `||A||` is zero, as `B` is before its
    /// first update). This is neither the sum nor the mean of per-pair ratios.
    public var aggregate: StepMetric {
        func rootSumSquare(_ values: [Double]) -> Double { values.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        let aNorm = rootSumSquare(pairs.map(\.a)), bNorm = rootSumSquare(pairs.map(\.b))
        let aDelta = rootSumSquare(pairs.map(\.deltaA)), bDelta = rootSumSquare(pairs.map(\.deltaB))
        return StepMetric(step: step, trainLoss: trainLoss, learningRate: learningRate, aNorm: aNorm, bNorm: bNorm,
                          aUpdateRatio: aNorm > 0 ? aDelta / aNorm : nil, bUpdateRatio: bNorm > 0 ? bDelta / bNorm : nil)
    }

    /// Every value of the report is finite.
    public var isFinite: Bool {
        trainLoss.isFinite && learningRate.isFinite
            && pairs.allSatisfy { $0.a.isFinite && $0.b.isFinite && $0.deltaA.isFinite && $0.deltaB.isFinite }
    }
}
