internal import GRDB

extension StoreSchema {
    /// One `optimizer_reports` row per run that took optimizer steps: what the optimizer reported
    /// besides its updates, over the whole run (`OptimizerRunReport`, `OptimizerReportRecord`).
    ///
    /// Events (factors skipped by LoRA-RITE's skip rule, zeroed preconditioned steps, preconditioner
    /// fallbacks, steps clipped by an internal clip) have a total, the number of steps with one, and
    /// the first and last such step. Quantities (LoRA-RITE's internal gradient norm, Lamb's trust
    /// ratios) have a count, minimum, mean and maximum, all NULL when the optimizer does not report
    /// them; a NaN minimum, mean or maximum is NULL too (SQLite's own conversion).
    ///
    /// Why a table of its own: runs finished before this migration have no row, which readers show
    /// as "not recorded" rather than as zero, and `runs` is never rebuilt for it.
    static func createOptimizerReports(_ db: Database) throws {
        try db.create(table: "optimizer_reports") { t in
            t.primaryKey("run_key", .text).references("runs", onDelete: .cascade)
            t.column("steps", .integer).notNull()
            for event in ["skipped", "zeroed", "fallback", "clipped"] {
                t.column("\(event)_total", .integer).notNull()
                t.column("\(event)_steps", .integer).notNull()
                t.column("\(event)_first_step", .integer)
                t.column("\(event)_last_step", .integer)
            }
            for quantity in ["internal_gradient_norm", "trust_ratio"] {
                t.column("\(quantity)_count", .integer)
                t.column("\(quantity)_min", .double)
                t.column("\(quantity)_mean", .double)
                t.column("\(quantity)_max", .double)
            }
        }
    }
}
