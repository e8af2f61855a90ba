internal import GRDB

extension StoreSchema {
    /// One `step_series` row per run (a compressed blob per metric, `StepSeriesRecord`) instead of
    /// one `step_metrics` row per run and step; every run's rows are packed, in run-number order,
    /// and deleted. `step_metrics` stays for the rows of runs in progress.
    ///
    /// Why: the rows were 64 of the committed store's 72 MB, and every commit of the file adds its
    /// size to the repository for good. The view `step_metrics_by_key` goes: it would show only the
    /// rows of runs in progress; `rite-repro steps KEY` prints any run's metrics.
    ///
    /// The file keeps its size until it is vacuumed (`rite-repro prune --vacuum`): a migration runs
    /// inside a transaction, which VACUUM cannot.
    static func packStepMetricsIntoSeries(_ db: Database) throws {
        try db.create(table: "step_series") { t in
            t.primaryKey("run_number", .integer).references("run_numbers", onDelete: .cascade)
            t.column("step_count", .integer).notNull()
            for series in ["steps", "train_loss", "learning_rate", "a_norm", "b_norm", "a_update_ratio", "b_update_ratio"] {
                t.column(series, .blob).notNull()
            }
        }
        try db.execute(sql: "DROP VIEW step_metrics_by_key")
        for number in try Int64.fetchAll(db, sql: "SELECT DISTINCT run_number FROM step_metrics ORDER BY run_number") {
            try StepMetricStorage.pack(number: number, in: db)
        }
    }
}
