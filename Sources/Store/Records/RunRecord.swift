import Foundation
internal import GRDB

/// A row of `runs`: the GRDB form of a `StoredRun`, kept apart so that only the Store sees GRDB and
/// the column names; it is made from a `NewRun` or a `StoredRun` and read back with `stored()`.
struct RunRecord: SnakeCaseRecord {
    static let databaseTableName = "runs"
    var key: String
    var experiment: String
    var configJson: String
    var preset: String
    var task: String
    var optimizer: String
    var rank: Int
    var learningRate: Double
    var seed: Int
    var steps: Int
    var status: String
    var workerId: String?
    var attempts: Int
    var lastStep: Int
    var createdAt: Date
    var startedAt: Date?
    var finishedAt: Date?
    var wallSeconds: Double?
    var stepsPerSecond: Double?
    var gitCommit: String?
    var toolVersion: String?
    var host: String?
    var errorText: String?
    var divergedStep: Int?

    init(_ run: NewRun, experiment: String, createdAt: Date) {
        key = run.key
        self.experiment = experiment
        configJson = run.configJSON
        preset = run.preset
        task = run.task
        optimizer = run.optimizer
        rank = run.rank
        learningRate = run.learningRate
        seed = run.seed
        steps = run.steps
        status = RunStatus.pending.rawValue
        attempts = 0
        lastStep = 0
        self.createdAt = createdAt
    }

    init(_ run: StoredRun) {
        key = run.key
        experiment = run.experiment
        configJson = run.configJSON
        preset = run.preset
        task = run.task
        optimizer = run.optimizer
        rank = run.rank
        learningRate = run.learningRate
        seed = run.seed
        steps = run.steps
        status = run.status.rawValue
        workerId = run.workerID
        attempts = run.attempts
        lastStep = run.lastStep
        createdAt = run.createdAt
        startedAt = run.startedAt
        finishedAt = run.finishedAt
        wallSeconds = run.wallSeconds
        stepsPerSecond = run.stepsPerSecond
        gitCommit = run.gitCommit
        toolVersion = run.toolVersion
        host = run.host
        errorText = run.errorText
        divergedStep = run.divergedStep
    }

    func stored() throws -> StoredRun {
        guard let runStatus = RunStatus(rawValue: status) else {
            throw StoreError.corrupt("run \(key) has unknown status \"\(status)\"")
        }
        return StoredRun(
            key: key, experiment: experiment, configJSON: configJson, preset: preset, task: task,
            optimizer: optimizer, rank: rank, learningRate: learningRate, seed: seed, steps: steps,
            status: runStatus, workerID: workerId, attempts: attempts, lastStep: lastStep,
            createdAt: createdAt, startedAt: startedAt, finishedAt: finishedAt, wallSeconds: wallSeconds,
            stepsPerSecond: stepsPerSecond, gitCommit: gitCommit, toolVersion: toolVersion, host: host,
            errorText: errorText, divergedStep: divergedStep
        )
    }
}
