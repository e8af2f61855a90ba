import Foundation

/// A run to add to the store: its key, its canonical configuration, and the few fields of that
/// configuration that are copied into columns so that tables and estimates can query them.
///
/// One run row has three layers, each made from the one before: the Sweep's `ResolvedRun` (the whole
/// configuration, whose canonical JSON is the key) gives a `NewRun` (what the store needs to queue
/// it; the Store cannot see Sweep's types), the store's `RunRecord` (the GRDB row, internal) reads back
/// as a `StoredRun` (the plain value with everything recorded since), and the report layer turns that
/// into a `RunResult` (with its scores and optimizer variant, no execution details).
public struct NewRun: Sendable, Equatable {
    public var key: String
    public var configJSON: String
    public var preset: String
    public var task: String
    public var optimizer: String
    public var rank: Int
    public var learningRate: Double
    public var seed: Int
    public var steps: Int

    public init(key: String, configJSON: String, preset: String, task: String, optimizer: String,
                rank: Int, learningRate: Double, seed: Int, steps: Int) {
        self.key = key
        self.configJSON = configJSON
        self.preset = preset
        self.task = task
        self.optimizer = optimizer
        self.rank = rank
        self.learningRate = learningRate
        self.seed = seed
        self.steps = steps
    }
}

/// A run as stored: its configuration and everything recorded about its execution. The plain value
/// of a `RunRecord` row (see `NewRun` for how the layers of a run derive from each other).
public struct StoredRun: Sendable, Equatable {
    public var key: String
    /// The experiment that first declared the run (runs are shared by experiments that declare
    /// the same configuration; `ResultStore.runs(experiment:)` lists an experiment's runs).
    public var experiment: String
    public var configJSON: String
    public var preset: String
    public var task: String
    public var optimizer: String
    public var rank: Int
    public var learningRate: Double
    public var seed: Int
    public var steps: Int
    public var status: RunStatus
    public var workerID: String?
    /// How many times the run was started since it was last queued.
    public var attempts: Int
    /// The last training step a worker reported (progress of a running run).
    public var lastStep: Int
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    public var wallSeconds: Double?
    public var stepsPerSecond: Double?
    public var gitCommit: String?
    public var toolVersion: String?
    public var host: String?
    public var errorText: String?
    public var divergedStep: Int?

    public init(key: String, experiment: String, configJSON: String, preset: String, task: String, optimizer: String,
                rank: Int, learningRate: Double, seed: Int, steps: Int, status: RunStatus, workerID: String? = nil,
                attempts: Int = 0, lastStep: Int = 0, createdAt: Date, startedAt: Date? = nil, finishedAt: Date? = nil,
                wallSeconds: Double? = nil, stepsPerSecond: Double? = nil, gitCommit: String? = nil,
                toolVersion: String? = nil, host: String? = nil, errorText: String? = nil, divergedStep: Int? = nil) {
        self.key = key
        self.experiment = experiment
        self.configJSON = configJSON
        self.preset = preset
        self.task = task
        self.optimizer = optimizer
        self.rank = rank
        self.learningRate = learningRate
        self.seed = seed
        self.steps = steps
        self.status = status
        self.workerID = workerID
        self.attempts = attempts
        self.lastStep = lastStep
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.wallSeconds = wallSeconds
        self.stepsPerSecond = stepsPerSecond
        self.gitCommit = gitCommit
        self.toolVersion = toolVersion
        self.host = host
        self.errorText = errorText
        self.divergedStep = divergedStep
    }
}

/// A run's place in an experiment: its position in the grid and the phase that added it
/// (1, or 2 for the remaining seeds of a first-seed search).
public struct ExperimentMember: Sendable, Equatable {
    public var run: StoredRun
    public var ordinal: Int
    public var phase: Int
}
