// The plain input types of the report layer. `StoreReader` fills them from the store; tests build
// them by hand. Nothing here knows about SQL. A run's status is the Store's `RunStatus`.
import RiteCore
import Store

/// The final record of one run: its configuration, status and scores. It is the report's view of a
/// `StoredRun` (`init(stored:experiment:devScores:testScores:)`), kept separate so that tests build
/// rows by hand and tables never see execution details (workers, attempts, dates).
/// Scores are fractions in [0, 1], keyed by metric name ("accuracy", "acc_norm", "exact_match",
/// "rouge_l"); tables print them as percentages.
public struct RunResult: Sendable, Equatable {
    public var experiment: String
    public var preset: String
    public var task: String
    public var optimizer: String
    public var rank: Int
    public var learningRate: Double
    public var seed: Int
    public var status: RunStatus
    public var devScores: [String: Double]
    public var testScores: [String: Double]
    /// Training steps per second over the time spent in steps (no loading, no evaluation), if the
    /// run recorded it.
    public var stepsPerSecond: Double?
    public var runKey: String

    public init(
        experiment: String, preset: String, task: String, optimizer: String, rank: Int,
        learningRate: Double, seed: Int, status: RunStatus,
        devScores: [String: Double] = [:], testScores: [String: Double] = [:],
        stepsPerSecond: Double? = nil, runKey: String
    ) {
        self.experiment = experiment
        self.preset = preset
        self.task = task
        self.optimizer = optimizer
        self.rank = rank
        self.learningRate = learningRate
        self.seed = seed
        self.status = status
        self.devScores = devScores
        self.testScores = testScores
        self.stepsPerSecond = stepsPerSecond
        self.runKey = runKey
    }

    /// The report's row of a stored run, with its final scores per split. The training speed is kept
    /// for done runs only (a did-not-learn run's speed is not reported).
    public init(stored run: StoredRun, experiment: String, devScores: [String: Double], testScores: [String: Double]) {
        self.init(experiment: experiment, preset: run.preset, task: run.task, optimizer: run.optimizer, rank: run.rank,
                  learningRate: run.learningRate, seed: run.seed, status: run.status, devScores: devScores,
                  testScores: testScores, stepsPerSecond: run.status == .done ? run.stepsPerSecond : nil, runKey: run.key)
    }

    /// The scores of one split. Runs are scored on dev and test only: train has none, so a rule
    /// that asks for it finds every score missing.
    public func scores(_ split: Split) -> [String: Double] {
        switch split {
        case .dev: return devScores
        case .test: return testScores
        case .train: return [:]
        }
    }
}

/// The per-step quantities the store records and the figures plot.
public enum CurveMetric: String, Sendable, CaseIterable {
    case trainLoss = "train_loss"
    /// ||A||_F of all A factors taken together (the root of the summed squares of the per-pair
    /// norms), as the store records it.
    case normA = "norm_a"
    /// ||B||_F, likewise.
    case normB = "norm_b"
    /// ||dA||_F / ||A||_F of one step, all A factors taken together.
    case updateRatioA = "update_ratio_a"
    /// ||dB||_F / ||B||_F of one step, all B factors taken together.
    case updateRatioB = "update_ratio_b"
}

/// One value of a curve.
public struct CurvePoint: Sendable, Equatable {
    public var step: Int
    public var value: Double
    public init(step: Int, value: Double) { self.step = step; self.value = value }
}

/// The curve of one quantity over the steps of one run (linked to its `RunResult` by `runKey`).
public struct StepSeries: Sendable, Equatable {
    public var runKey: String
    public var metric: CurveMetric
    public var points: [CurvePoint]
    public init(runKey: String, metric: CurveMetric, points: [CurvePoint]) {
        self.runKey = runKey
        self.metric = metric
        self.points = points
    }
}

/// The measured wall time of one optimizer step on one LoRA pair, in the paper's notation
/// (A is m x r, B is n x r; in our PEFT layout m is the input and n the output width).
public struct StepCostMeasurement: Sendable, Equatable {
    public var optimizer: String
    public var m: Int
    public var n: Int
    public var r: Int
    public var seconds: Double
    public init(optimizer: String, m: Int, n: Int, r: Int, seconds: Double) {
        self.optimizer = optimizer
        self.m = m
        self.n = n
        self.r = r
        self.seconds = seconds
    }
}
