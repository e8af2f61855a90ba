internal import GRDB
import RiteCore

/// The optimizer's report of each run (`optimizer_reports`), written by `finishRun`. A run without
/// a row has none recorded: it finished before the table existed, or failed before its first step.
extension ResultStore {
    /// The run's optimizer report, or nil when none is recorded.
    public func optimizerReport(runKey: String) throws -> OptimizerRunReport? {
        try pool.read { db in try OptimizerReportRecord.fetchOne(db, key: runKey)?.report }
    }

    /// The recorded optimizer reports of an experiment's runs, by run key (runs without one are absent).
    public func optimizerReports(of experiment: String) throws -> [String: OptimizerRunReport] {
        try pool.read { db in
            let records = try OptimizerReportRecord.fetchAll(db, sql: """
                SELECT optimizer_reports.* FROM optimizer_reports
                JOIN experiment_runs ON experiment_runs.run_key = optimizer_reports.run_key
                WHERE experiment_runs.experiment = ?
                """, arguments: [experiment])
            return Dictionary(records.map { ($0.runKey, $0.report) }) { first, _ in first }
        }
    }
}
