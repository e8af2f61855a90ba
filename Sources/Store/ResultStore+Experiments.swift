import Foundation
internal import GRDB

/// A run of an experiment's grid, as the sweep adds it.
public struct PlannedRun: Sendable, Equatable {
    public var run: NewRun
    /// Position in the experiment's grid (workers take pending runs in this order).
    public var ordinal: Int
    /// 1, or 2 for the remaining seeds of a first-seed search.
    public var phase: Int

    public init(run: NewRun, ordinal: Int, phase: Int) {
        self.run = run
        self.ordinal = ordinal
        self.phase = phase
    }
}

extension ResultStore {
    /// Creates or updates an experiment (its spec text and hash).
    public func saveExperiment(_ entry: ExperimentEntry) throws {
        try writeImmediately { db in try ExperimentRecord(entry).upsert(db) }
    }

    /// Records the experiment a sweep is about to run, refusing (with
    /// `StoreError.experimentConflict`, nothing written) a stored experiment of the same name whose
    /// spec text differs, unless `replacing`: two specs with one name would prune each other's
    /// runs. Returns the entry that was replaced, if its text differed.
    @discardableResult
    public func saveExperiment(_ entry: ExperimentEntry, replacing: Bool) throws -> ExperimentEntry? {
        try writeImmediately { db in
            let stored = try ExperimentRecord.fetchOne(db, key: entry.name)?.entry
            if let stored, stored.specSHA256 != entry.specSHA256, !replacing {
                throw StoreError.experimentConflict(name: entry.name, storedPath: stored.sourcePath, storedSHA256: stored.specSHA256,
                                                    newPath: entry.sourcePath, newSHA256: entry.specSHA256)
            }
            // The same spec from the same file again: the stored row (with the time it last changed)
            // stands, so resuming a committed store does not rewrite it.
            if let stored, stored.specSHA256 == entry.specSHA256, stored.sourcePath == entry.sourcePath { return nil }
            try ExperimentRecord(entry).upsert(db)
            return stored.flatMap { $0.specSHA256 == entry.specSHA256 ? nil : $0 }
        }
    }

    public func experiment(named name: String) throws -> ExperimentEntry? {
        try pool.read { db in try ExperimentRecord.fetchOne(db, key: name)?.entry }
    }

    /// Every experiment, by name.
    public func experiments() throws -> [ExperimentEntry] {
        try pool.read { db in try ExperimentRecord.order(Column("name")).fetchAll(db).map(\.entry) }
    }

    /// Makes `planned` the members of `experiment` and returns how many runs were new to the store.
    ///
    /// A run already in the store (same key: same configuration) keeps its status and results, so a
    /// done run is never run again, whichever experiment declared it first. Members of the
    /// experiment that are no longer planned are removed when `prunes(key)` is true (the caller
    /// passes its shard, so sweeping shard 1 does not drop the members of shard 2); their runs stay.
    @discardableResult
    public func syncMembers(of experiment: String, planned: [PlannedRun], prunes: (String) -> Bool,
                            now: Date = Date()) throws -> Int {
        try writeImmediately { db in
            var created = 0
            for item in planned {
                if try RunRecord.fetchOne(db, key: item.run.key) == nil {
                    try RunRecord(item.run, experiment: experiment, createdAt: now).insert(db)
                    created += 1
                }
                try ExperimentRunRecord(experiment: experiment, runKey: item.run.key, ordinal: item.ordinal, phase: item.phase)
                    .upsert(db)
            }
            let plannedKeys = Set(planned.map(\.run.key))
            let members = try ExperimentRunRecord.filter(Column("experiment") == experiment).fetchAll(db)
            for member in members where !plannedKeys.contains(member.runKey) && prunes(member.runKey) {
                try member.delete(db)
            }
            return created
        }
    }

    /// The runs of an experiment in grid order.
    public func members(of experiment: String) throws -> [ExperimentMember] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT runs.*, experiment_runs.ordinal AS member_ordinal, experiment_runs.phase AS member_phase
                FROM runs JOIN experiment_runs ON experiment_runs.run_key = runs.key
                WHERE experiment_runs.experiment = ?
                ORDER BY experiment_runs.ordinal, runs.key
                """, arguments: [experiment])
            return try rows.map { row in
                ExperimentMember(run: try RunRecord(row: row).stored(), ordinal: row["member_ordinal"], phase: row["member_phase"])
            }
        }
    }

    public func run(key: String) throws -> StoredRun? {
        try pool.read { db in try RunRecord.fetchOne(db, key: key)?.stored() }
    }

    /// The stored runs among `keys` (keys not in the store are absent from the result).
    public func runs(keys: [String]) throws -> [String: StoredRun] {
        try pool.read { db in
            var found: [String: StoredRun] = [:]
            for key in keys { if let run = try RunRecord.fetchOne(db, key: key) { found[key] = try run.stored() } }
            return found
        }
    }

    /// Every run in the store, by key.
    public func allRuns() throws -> [StoredRun] {
        try pool.read { db in try RunRecord.order(Column("key")).fetchAll(db).map { try $0.stored() } }
    }

    /// Sends the failed runs of `experiment` (those with `includes(key)`) back to pending, with
    /// their attempt count reset; returns how many. Diverged runs are results and stay.
    @discardableResult
    public func requeueFailedRuns(of experiment: String, includes: (String) -> Bool) throws -> Int {
        try writeImmediately { db in
            let keys = try String.fetchAll(db, sql: """
                SELECT runs.key FROM runs JOIN experiment_runs ON experiment_runs.run_key = runs.key
                WHERE experiment_runs.experiment = ? AND runs.status = 'failed'
                """, arguments: [experiment]).filter(includes)
            for key in keys {
                try db.execute(sql: """
                    UPDATE runs SET status = 'pending', attempts = 0, worker_id = NULL WHERE key = ?
                    """, arguments: [key])
                try db.execute(sql: "DELETE FROM run_crashes WHERE run_key = ?", arguments: [key])
            }
            return keys.count
        }
    }

    /// The most recently finished failed or diverged runs of an experiment, newest first.
    public func recentProblems(of experiment: String, limit: Int) throws -> [StoredRun] {
        try pool.read { db in
            try RunRecord.fetchAll(db, sql: """
                SELECT runs.* FROM runs JOIN experiment_runs ON experiment_runs.run_key = runs.key
                WHERE experiment_runs.experiment = ? AND runs.status IN ('failed', 'diverged')
                ORDER BY runs.finished_at DESC, runs.key LIMIT ?
                """, arguments: [experiment, limit]).map { try $0.stored() }
        }
    }

    /// Every done run with a measured wall time, for time estimates.
    public func timedRuns() throws -> [StoredRun] {
        try pool.read { db in
            try RunRecord.filter(Column("status") == RunStatus.done.rawValue && Column("wall_seconds") != nil)
                .order(Column("key")).fetchAll(db).map { try $0.stored() }
        }
    }

    /// Records a pretrained base checkpoint (ignored if the same preset, corpus and digest exist).
    public func saveBaseCheckpoint(_ checkpoint: BaseCheckpoint) throws {
        try writeImmediately { db in
            let exists = try BaseCheckpointRecord
                .filter(Column("preset") == checkpoint.preset && Column("corpus_version") == checkpoint.corpusVersion
                    && Column("sha256") == checkpoint.sha256)
                .fetchCount(db) > 0
            if !exists { try BaseCheckpointRecord(checkpoint).insert(db) }
        }
    }

    /// The base checkpoints of a preset, newest first.
    public func baseCheckpoints(preset: String) throws -> [BaseCheckpoint] {
        try pool.read { db in
            try BaseCheckpointRecord.filter(Column("preset") == preset)
                .order(Column("created_at").desc, Column("id").desc).fetchAll(db).map(\.checkpoint)
        }
    }
}
