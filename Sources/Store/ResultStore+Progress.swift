import Foundation
import RiteCore
internal import GRDB
import RiteCore

/// How a claimed run ended, with what it measured.
public enum RunCompletion: Sendable, Equatable {
    case done(scores: [FinalScore])
    case failed(message: String)
    case diverged(step: Int, reason: String)
    /// Trained to the end and scored, but its loss never left its start (the reason says by how much).
    case didNotLearn(scores: [FinalScore], reason: String)

    public var status: RunStatus {
        switch self {
        case .done: .done
        case .failed: .failed
        case .diverged: .diverged
        case .didNotLearn: .didNotLearn
        }
    }
}

/// Metrics measured since the last write, written together with the run's progress.
public struct MetricBatch: Sendable, Equatable {
    public var steps: [StepMetric] = []
    public var pairs: [PairMetric] = []
    public var evaluations: [Evaluation] = []

    public init(steps: [StepMetric] = [], pairs: [PairMetric] = [], evaluations: [Evaluation] = []) {
        self.steps = steps
        self.pairs = pairs
        self.evaluations = evaluations
    }

    public var isEmpty: Bool { steps.isEmpty && pairs.isEmpty && evaluations.isEmpty }
}

extension ResultStore {
    /// Appends metrics of a run in progress and records its current step and the worker's
    /// heartbeat. Throws `StoreError.claimLost` if the worker no longer holds the run.
    public func recordProgress(_ claim: RunClaim, metrics: MetricBatch, lastStep: Int, now: Date = Date()) throws {
        try writeImmediately { db in
            try Self.checkClaim(db, claim)
            try Self.insert(db, metrics, runKey: claim.runKey)
            try db.execute(sql: "UPDATE runs SET last_step = ? WHERE key = ?", arguments: [lastStep, claim.runKey])
            try db.execute(sql: "UPDATE workers SET heartbeat_at = ? WHERE id = ?", arguments: [now, claim.workerID])
        }
    }

    /// Finishes a claimed run: writes its last metrics, packs its per-step rows into its step
    /// series (`StepMetricStorage`), and writes its scores, its optimizer report (when the run took
    /// optimizer steps) and its status, in one transaction.
    /// Throws `StoreError.claimLost` (and writes nothing) if the worker no longer holds the run. Steps per second are training steps over `trainingSeconds` (the executor's
    /// time in training steps alone) when given, else over the whole wall time.
    public func finishRun(_ claim: RunClaim, completion: RunCompletion, metrics: MetricBatch, lastStep: Int,
                          wallSeconds: Double, trainingSeconds: Double? = nil, optimizerReport: OptimizerRunReport? = nil,
                          now: Date = Date()) throws {
        try writeImmediately { db in
            try Self.checkClaim(db, claim)
            try Self.insert(db, metrics, runKey: claim.runKey)
            try StepMetricStorage.pack(runKey: claim.runKey, in: db)
            if let optimizerReport { try OptimizerReportRecord(runKey: claim.runKey, optimizerReport).insert(db, onConflict: .replace) }
            guard var record = try RunRecord.fetchOne(db, key: claim.runKey) else { throw StoreError.unknownRun(key: claim.runKey) }
            record.status = completion.status.rawValue
            record.lastStep = lastStep
            record.finishedAt = now
            record.wallSeconds = wallSeconds
            let seconds = trainingSeconds ?? wallSeconds
            record.stepsPerSecond = seconds > 0 && lastStep > 0 ? Double(lastStep) / seconds : nil
            switch completion {
            case let .done(scores):
                for score in scores { try FinalScoreRecord(runKey: claim.runKey, score).insert(db, onConflict: .replace) }
            case let .failed(message):
                record.errorText = message
            case let .diverged(step, reason):
                record.divergedStep = step
                record.errorText = reason
            case let .didNotLearn(scores, reason):
                for score in scores { try FinalScoreRecord(runKey: claim.runKey, score).insert(db, onConflict: .replace) }
                record.errorText = reason
            }
            try record.update(db)
            try db.execute(sql: "UPDATE workers SET heartbeat_at = ? WHERE id = ?", arguments: [now, claim.workerID])
        }
    }

    static func checkClaim(_ db: Database, _ claim: RunClaim) throws {
        let row = try Row.fetchOne(db, sql: "SELECT status, worker_id, attempts FROM runs WHERE key = ?", arguments: [claim.runKey])
        guard let row else { throw StoreError.unknownRun(key: claim.runKey) }
        let status: String = row["status"]
        let worker: String? = row["worker_id"]
        let attempts: Int = row["attempts"]
        guard status == RunStatus.running.rawValue, worker == claim.workerID, attempts == claim.attempt else {
            throw StoreError.claimLost(runKey: claim.runKey, workerID: claim.workerID, attempt: claim.attempt)
        }
    }

    static func insert(_ db: Database, _ metrics: MetricBatch, runKey: String) throws {
        if !metrics.steps.isEmpty {
            let number = try RunNumberRecord.numberCreating(for: runKey, in: db)
            for metric in metrics.steps { try StepMetricRecord(runNumber: number, metric).insert(db, onConflict: .replace) }
        }
        for metric in metrics.pairs { try PairMetricRecord(runKey: runKey, metric).insert(db, onConflict: .replace) }
        for evaluation in metrics.evaluations { try EvaluationRecord(runKey: runKey, evaluation).insert(db, onConflict: .replace) }
    }

    /// A run's per-step metrics in step order: the training loss, the norms and the update ratios
    /// in Float32 precision (as `step_series` holds them, also while the run is still writing rows),
    /// the learning rate exactly.
    public func stepMetrics(runKey: String) throws -> [StepMetric] {
        try pool.read { db in try StepMetricStorage.metrics(of: runKey, in: db) }
    }

    /// A run's per-pair norms, by step then pair name.
    public func pairMetrics(runKey: String) throws -> [PairMetric] {
        try pool.read { db in
            try PairMetricRecord.filter(Column("run_key") == runKey).order(Column("step"), Column("pair")).fetchAll(db).map(\.metric)
        }
    }

    /// A run's evaluations, by step, split and metric.
    public func evaluations(runKey: String) throws -> [Evaluation] {
        try pool.read { db in
            try EvaluationRecord.filter(Column("run_key") == runKey)
                .order(Column("step"), Column("split"), Column("metric")).fetchAll(db).map(\.evaluation)
        }
    }

    /// A run's final scores, by split and metric.
    public func finalScores(runKey: String) throws -> [FinalScore] {
        try pool.read { db in
            try FinalScoreRecord.filter(Column("run_key") == runKey).order(Column("split"), Column("metric")).fetchAll(db).map(\.score)
        }
    }
}
