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
    /// `pending`, or `failed` when the run has now crashed `DeadWorkerPolicy.maxCrashes` times.
    public var newStatus: RunStatus
    /// Whether the run was charged a crash for it (see `WorkerVerdict.chargesRun`).
    public var charged: Bool

    public init(key: String, evidence: String, newStatus: RunStatus, charged: Bool = false) {
        self.key = key
        self.evidence = evidence
        self.newStatus = newStatus
        self.charged = charged
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

    /// Takes back every `running` run whose worker is dead or hung by `policy`'s evidence (hung
    /// workers are stopped first): it returns to `pending` (or to `failed` once charged
    /// `policy.maxCrashes` crashes), and the partial metrics of the dead attempt are deleted in the
    /// same transaction.
    @discardableResult
    public func requeueAbandonedRuns(policy: DeadWorkerPolicy, now: Date = Date()) throws -> [AbandonedRun] {
        let hung = try stopHungWorkers(policy: policy, now: now)
        return try writeImmediately { db in try requeueAbandoned(db, policy: policy, now: now, hung: hung) }
    }

    /// Finds hung workers by reading (WAL readers never wait for the writer) and stops them before
    /// any write is attempted: a process stopped inside a write transaction holds the write lock,
    /// and only its death releases it.
    func stopHungWorkers(policy: DeadWorkerPolicy, now: Date) throws -> [String: WorkerVerdict] {
        let workers: [WorkerInfo] = try pool.read { db in
            try WorkerRecord.fetchAll(db, sql: """
                SELECT DISTINCT workers.* FROM workers JOIN runs ON runs.worker_id = workers.id
                WHERE runs.status = 'running' AND workers.exited_at IS NULL
                """).map(\.worker)
        }
        var hung: [String: WorkerVerdict] = [:]
        for worker in workers {
            guard let verdict = policy.verdict(on: worker, now: now), let pid = verdict.stopPID else { continue }
            policy.probe.stop(pid: pid)
            hung[worker.id] = verdict
        }
        return hung
    }

    /// Claims the first pending run of `experiment` (in grid order) for which `includes(key)`
    /// holds, after taking back abandoned runs, all in one IMMEDIATE transaction: no two workers,
    /// in this process or any other, ever hold the same run. The run's leftover metrics from
    /// earlier attempts are deleted in the same transaction. Returns `nil` when none is pending.
    public func claimNextRun(of experiment: String, includes: (String) -> Bool, worker: WorkerInfo,
                             stamp: ExecutionStamp, policy: DeadWorkerPolicy, now: Date = Date()) throws -> ClaimedRun? {
        let hung = try stopHungWorkers(policy: policy, now: now)
        return try writeImmediately { db in
            try requeueAbandoned(db, policy: policy, now: now, hung: hung)
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
    func requeueAbandoned(_ db: Database, policy: DeadWorkerPolicy, now: Date,
                          hung: [String: WorkerVerdict] = [:]) throws -> [AbandonedRun] {
        let running = try RunRecord.filter(Column("status") == RunStatus.running.rawValue).order(Column("key")).fetchAll(db)
        var abandoned: [AbandonedRun] = []
        var stopped = Set(hung.values.compactMap(\.stopPID))
        for var record in running {
            let worker = try record.workerId.flatMap { try WorkerRecord.fetchOne(db, key: $0)?.worker }
            guard let verdict = worker.flatMap({ hung[$0.id] }) ?? policy.verdict(on: worker, now: now) else { continue }
            if let pid = verdict.stopPID {
                // Stopped before its run is taken back, so a hung worker that wakes up can only find its claim lost.
                if !stopped.contains(pid) { policy.probe.stop(pid: pid) }
                stopped.insert(pid)
                if let id = worker?.id {
                    try db.execute(sql: "UPDATE workers SET exited_at = ? WHERE id = ?", arguments: [now, id])
                }
            }
            try Self.deleteResults(db, runKey: record.key)
            var crashes = try Int.fetchOne(db, sql: "SELECT crashes FROM run_crashes WHERE run_key = ?", arguments: [record.key]) ?? 0
            if verdict.chargesRun {
                crashes += 1
                try db.execute(sql: """
                    INSERT INTO run_crashes (run_key, crashes, last_evidence) VALUES (?, ?, ?)
                    ON CONFLICT (run_key) DO UPDATE SET crashes = excluded.crashes, last_evidence = excluded.last_evidence
                    """, arguments: [record.key, crashes, verdict.evidence])
            }
            let exhausted = verdict.chargesRun && crashes >= policy.maxCrashes
            record.status = (exhausted ? RunStatus.failed : RunStatus.pending).rawValue
            record.workerId = nil
            record.lastStep = 0
            if exhausted {
                record.finishedAt = now
                record.errorText = "its worker crashed \(crashes) time(s) while running it; last time: \(verdict.evidence)"
            }
            try record.update(db)
            abandoned.append(AbandonedRun(key: record.key, evidence: verdict.evidence, newStatus: exhausted ? .failed : .pending,
                                          charged: verdict.chargesRun))
        }
        return abandoned
    }

    /// Puts a claimed run back to `pending` at its worker's request (the worker was asked to stop:
    /// SIGINT, SIGTERM, or its sweep is gone), deleting what the attempt measured, without a charge.
    /// Returns `false` (and changes nothing) if the worker no longer holds the run.
    @discardableResult
    public func releaseRun(_ claim: RunClaim) throws -> Bool {
        try writeImmediately { db in
            do { try Self.checkClaim(db, claim) } catch StoreError.claimLost { return false }
            try Self.deleteResults(db, runKey: claim.runKey)
            try db.execute(sql: "UPDATE runs SET status = 'pending', worker_id = NULL, last_step = 0 WHERE key = ?",
                           arguments: [claim.runKey])
            return true
        }
    }

    /// How many times a run's worker crashed while running it (reset by `--retry-failed`).
    public func crashCount(runKey: String) throws -> Int {
        try pool.read { db in
            try Int.fetchOne(db, sql: "SELECT crashes FROM run_crashes WHERE run_key = ?", arguments: [runKey]) ?? 0
        }
    }

    /// Deletes everything measured for a run (before a new attempt, or after a dead one).
    static func deleteResults(_ db: Database, runKey: String) throws {
        try StepMetricStorage.delete(runKey: runKey, in: db)
        for table in ["pair_metrics", "evaluations", "final_scores", "optimizer_reports"] {
            try db.execute(sql: "DELETE FROM \(table) WHERE run_key = ?", arguments: [runKey])
        }
    }
}
