internal import GRDB
import RiteCore

/// A row of `optimizer_reports`: a run's `OptimizerRunReport` (see `StoreSchema.createOptimizerReports`).
///
/// Each event kind is four columns `<prefix>_total`, `_steps`, `_first_step`, `_last_step`; each
/// summarised quantity four columns `<prefix>_count`, `_min`, `_mean`, `_max` (a NULL count: not
/// reported; a NULL minimum, mean or maximum beside a count: NaN, which SQLite stores as NULL).
struct OptimizerReportRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "optimizer_reports"
    var runKey: String
    var report: OptimizerRunReport

    /// The column prefix of every event kind, with where the report keeps it.
    static var eventColumns: [(prefix: String, field: WritableKeyPath<OptimizerRunReport, OptimizerRunReport.Events>)] {
        [("skipped", \.skippedFactors), ("zeroed", \.zeroedPreconditionedSteps), ("fallback", \.preconditionerFallbacks),
         ("clipped", \.clippedSteps)]
    }

    /// The column prefix of every summarised quantity, with where the report keeps it.
    static var summaryColumns: [(prefix: String, field: WritableKeyPath<OptimizerRunReport, ValueSummary?>)] {
        [("internal_gradient_norm", \.internalGradientNorm), ("trust_ratio", \.trustRatio)]
    }

    init(runKey: String, _ report: OptimizerRunReport) {
        self.runKey = runKey
        self.report = report
    }

    init(row: Row) throws {
        runKey = row["run_key"]
        report = OptimizerRunReport(steps: row["steps"])
        for (prefix, field) in Self.eventColumns {
            report[keyPath: field] = OptimizerRunReport.Events(total: row["\(prefix)_total"], steps: row["\(prefix)_steps"],
                                                               firstStep: row["\(prefix)_first_step"], lastStep: row["\(prefix)_last_step"])
        }
        for (prefix, field) in Self.summaryColumns {
            guard let count: Int = row["\(prefix)_count"] else { continue }
            guard count >= 1 else {
                throw StoreError.corrupt("optimizer_reports row of run \(runKey) has \(prefix)_count \(count); expected at least 1 or NULL")
            }
            func value(_ column: String) -> Double { row["\(prefix)_\(column)"] ?? .nan }
            report[keyPath: field] = ValueSummary(count: count, minimum: value("min"), maximum: value("max"), mean: value("mean"))
        }
    }

    func encode(to container: inout PersistenceContainer) {
        container["run_key"] = runKey
        container["steps"] = report.steps
        for (prefix, field) in Self.eventColumns {
            let events = report[keyPath: field]
            container["\(prefix)_total"] = events.total
            container["\(prefix)_steps"] = events.steps
            container["\(prefix)_first_step"] = events.firstStep
            container["\(prefix)_last_step"] = events.lastStep
        }
        for (prefix, field) in Self.summaryColumns {
            let summary = report[keyPath: field]
            container["\(prefix)_count"] = summary?.count
            container["\(prefix)_min"] = summary?.minimum
            container["\(prefix)_mean"] = summary?.mean
            container["\(prefix)_max"] = summary?.maximum
        }
    }
}
