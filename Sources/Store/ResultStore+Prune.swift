internal import GRDB

/// Runs that belong to no experiment: left behind when a spec changed (another generator, other
/// numerics, a different grid) and the sweep re-planned it. They are never shown in a table, but
/// they make the file larger and an audit harder; `rite-repro prune` lists and removes them.
extension ResultStore {
    /// Every run no experiment lists as a member, by key.
    public func orphanRuns() throws -> [StoredRun] {
        try pool.read { db in
            try RunRecord.fetchAll(db, sql: """
                SELECT * FROM runs WHERE key NOT IN (SELECT run_key FROM experiment_runs) ORDER BY key
                """).map { try $0.stored() }
        }
    }

    /// Deletes the runs no experiment lists (with their metrics, evaluations and scores, which
    /// reference them), in one transaction; returns how many. A run that became a member since the
    /// caller listed the orphans is kept: the condition is checked again inside the transaction.
    @discardableResult
    public func deleteOrphanRuns() throws -> Int {
        try writeImmediately { db in
            try db.execute(sql: "DELETE FROM runs WHERE key NOT IN (SELECT run_key FROM experiment_runs)")
            return db.changesCount
        }
    }

    /// Rewrites the file without its free pages and folds the write-ahead log into it. Deleted rows
    /// (a prune, a migration that moved data) leave free pages that keep the file at its old size;
    /// this is what makes a committed store small. It waits for other writers like any write.
    public func vacuum() throws {
        try pool.vacuum()
        try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }
}
