import Foundation
internal import GRDB

/// Proof that a worker holds a run: the run's key, the worker, and which attempt this is.
/// Every write about the run checks it, so a worker whose run was re-queued and taken up by
/// another worker can never write over the newer attempt.
public struct RunClaim: Sendable, Equatable, Hashable {
    public var runKey: String
    public var workerID: String
    public var attempt: Int

    public init(runKey: String, workerID: String, attempt: Int) {
        self.runKey = runKey
        self.workerID = workerID
        self.attempt = attempt
    }
}

/// A claimed run and its stored configuration.
public struct ClaimedRun: Sendable, Equatable {
    public var claim: RunClaim
    public var run: StoredRun

    public init(claim: RunClaim, run: StoredRun) {
        self.claim = claim
        self.run = run
    }
}

/// Where and with what code a run is executed; stored with the run when it is claimed.
public struct ExecutionStamp: Sendable, Equatable {
    public var gitCommit: String?
    public var toolVersion: String
    public var host: String

    public init(gitCommit: String?, toolVersion: String, host: String) {
        self.gitCommit = gitCommit
        self.toolVersion = toolVersion
        self.host = host
    }
}

/// A run taken back from a dead worker.
public struct AbandonedRun: Sendable, Equatable {
    public var key: String
    /// Why its worker is considered dead.
    public var evidence: String
    /// `pending`, or `failed` when the run has used up its attempts.
    public var newStatus: RunStatus

    public init(key: String, evidence: String, newStatus: RunStatus) {
        self.key = key
        self.evidence = evidence
        self.newStatus = newStatus
    }
}

extension ResultStore {
    /// Records a worker process (or updates its record).
    public func registerWorker(_ worker: WorkerInfo) throws {
        try writeImmediately { db in try WorkerRecord(worker).upsert(db) }
    }

    public func heartbeat(workerID: String, at time: Date = Date()) throws {
        try writeImmediately { db in
            try db.execute(sql: "UPDATE workers SET heartbeat_at = ? WHERE id = ?", arguments: [time, workerID])
        }
    }

    /// Marks a worker as exited: its runs (there should be none left running) are abandoned.
    public func markWorkerExited(workerID: String, at time: Date = Date()) throws {
        try writeImmediately { db in
            try db.execute(sql: "UPDATE workers SET exited_at = ?, heartbeat_at = ? WHERE id = ?",
                           arguments: [time, time, workerID])
        }
    }

    public func worker(id: String) throws -> WorkerInfo? {
        try pool.read { db in try WorkerRecord.fetchOne(db, key: id)?.worker }
    }

    /// The running runs of an experiment with their workers (`nil` if the record is missing).
    public func runningRuns(of experiment: String) throws -> [(run: StoredRun, worker: WorkerInfo?)] {
        try pool.read { db in
            let runs = try RunRecord.fetchAll(db, sql: """
                SELECT runs.* FROM runs JOIN experiment_runs ON experiment_runs.run_key = runs.key
                WHERE experiment_runs.experiment = ? AND runs.status = 'running'
                ORDER BY experiment_runs.ordinal
                """, arguments: [experiment])
            return try runs.map { record in
                (try record.stored(), try record.workerId.flatMap { try WorkerRecord.fetchOne(db, key: $0)?.worker })
            }
        }
    }

    /// Takes back every `running` run whose worker is dead by `policy`'s evidence: it returns to
    /// `pending` (or to `failed` after `policy.maxAttempts` starts), and the partial metrics of the
    /// dead attempt are deleted in the same transaction.
    @discardableResult
    public func requeueAbandonedRuns(policy: DeadWorkerPolicy, now: Date = Date()) throws -> [AbandonedRun] {
        try writeImmediately { db in try requeueAbandoned(db, policy: policy, now: now) }
    }

    /// Claims the first pending run of `experiment` (in grid order) for which `includes(key)`
    /// holds, after taking back abandoned runs, all in one IMMEDIATE transaction: no two workers,
    /// in this process or any other, ever hold the same run. The run's leftover metrics from
    /// earlier attempts are deleted in the same transaction. Returns `nil` when none is pending.
    public func claimNextRun(of experiment: String, includes: (String) -> Bool, worker: WorkerInfo,
                             stamp: ExecutionStamp, policy: DeadWorkerPolicy, now: Date = Date()) throws -> ClaimedRun? {
        try writeImmediately { db in
            try requeueAbandoned(db, policy: policy, now: now)
            let candidates = try String.fetchAll(db, sql: """
                SELECT runs.key FROM runs JOIN experiment_runs ON experiment_runs.run_key = runs.key
                WHERE experiment_runs.experiment = ? AND runs.status = 'pending'
                ORDER BY experiment_runs.ordinal, runs.key
                """, arguments: [experiment])
            guard let key = candidates.first(where: includes),
                  var record = try RunRecord.fetchOne(db, key: key) else { return nil }
            try Self.deleteResults(db, runKey: key)
            record.status = RunStatus.running.rawValue
            record.workerId = worker.id
            record.attempts += 1
            record.lastStep = 0
            record.startedAt = now
            record.finishedAt = nil
            record.wallSeconds = nil
            record.stepsPerSecond = nil
            record.errorText = nil
            record.divergedStep = nil
            record.gitCommit = stamp.gitCommit
            record.toolVersion = stamp.toolVersion
            record.host = stamp.host
            try record.update(db)
            try db.execute(sql: "UPDATE workers SET heartbeat_at = ? WHERE id = ?", arguments: [now, worker.id])
            let claim = RunClaim(runKey: key, workerID: worker.id, attempt: record.attempts)
            return ClaimedRun(claim: claim, run: try record.stored())
        }
    }

    @discardableResult
    func requeueAbandoned(_ db: Database, policy: DeadWorkerPolicy, now: Date) throws -> [AbandonedRun] {
        let running = try RunRecord.filter(Column("status") == RunStatus.running.rawValue).order(Column("key")).fetchAll(db)
        var abandoned: [AbandonedRun] = []
        for var record in running {
            let worker = try record.workerId.flatMap { try WorkerRecord.fetchOne(db, key: $0)?.worker }
            guard let evidence = policy.deathEvidence(of: worker, now: now) else { continue }
            try Self.deleteResults(db, runKey: record.key)
            let exhausted = record.attempts >= policy.maxAttempts
            record.status = (exhausted ? RunStatus.failed : RunStatus.pending).rawValue
            record.workerId = nil
            record.lastStep = 0
            if exhausted {
                record.finishedAt = now
                record.errorText = "abandoned \(record.attempts) time(s); last time: \(evidence)"
            }
            try record.update(db)
            abandoned.append(AbandonedRun(key: record.key, evidence: evidence, newStatus: exhausted ? .failed : .pending))
        }
        return abandoned
    }

    /// Deletes everything measured for a run (before a new attempt, or after a dead one).
    static func deleteResults(_ db: Database, runKey: String) throws {
        try StepMetricStorage.delete(runKey: runKey, in: db)
        for table in ["pair_metrics", "evaluations", "final_scores"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE run_key = ?", arguments: [runKey])
        }
    }
}
