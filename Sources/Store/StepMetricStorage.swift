import Foundation
import RiteCore
internal import GRDB

/// Where a run's per-step metrics live: a run in progress appends `step_metrics` rows (cheap to
/// write a few at a time); a finished run has one `step_series` row instead, packed from the rows
/// in the transaction that finishes it. Readers see the union, in Float32 precision
/// (`StepMetric.inStoredPrecision`), so a run reads the same before and after packing.
///
/// Why not rows for good: one row per step cost about 64 bytes a step (1,040,000 rows, 64 MB of
/// the committed store); a packed series costs about 12 (README, "The store").
enum StepMetricStorage {
    /// A run's metrics in step order: its packed series and any rows written since (a row wins
    /// over a packed step with the same number, as a later write replaces an earlier one).
    static func metrics(of runKey: String, in db: Database) throws -> [StepMetric] {
        guard let number = try RunNumberRecord.number(of: runKey, in: db) else { return [] }
        return try metrics(ofNumber: number, in: db)
    }

    static func metrics(ofNumber number: Int64, in db: Database) throws -> [StepMetric] {
        let packed = try StepSeriesRecord.fetchOne(db, key: number)?.metrics() ?? []
        let rows = try StepMetricRecord.filter(Column("run_number") == number).order(Column("step")).fetchAll(db)
        if rows.isEmpty { return packed }
        if packed.isEmpty { return rows.map(\.metric.inStoredPrecision) }  // in step order, one per step (the key)
        var byStep: [Int: StepMetric] = [:]
        for metric in packed { byStep[metric.step] = metric }
        for row in rows { byStep[row.step] = row.metric.inStoredPrecision }
        return byStep.keys.sorted().map { byStep[$0]! }
    }

    /// Packs the run's rows into its series (merged with a series it already has) and deletes the
    /// rows. Does nothing for a run without rows.
    static func pack(runKey: String, in db: Database) throws {
        guard let number = try RunNumberRecord.number(of: runKey, in: db) else { return }
        try pack(number: number, in: db)
    }

    static func pack(number: Int64, in db: Database) throws {
        let rowCount = try StepMetricRecord.filter(Column("run_number") == number).fetchCount(db)
        if rowCount == 0 { return }
        try write(try metrics(ofNumber: number, in: db), number: number, in: db)
        try db.execute(sql: "DELETE FROM step_metrics WHERE run_number = ?", arguments: [number])
    }

    /// Stores `metrics` as the run's whole series, replacing a series it had.
    static func write(_ metrics: [StepMetric], number: Int64, in db: Database) throws {
        try StepSeriesRecord(runNumber: number, metrics).insert(db, onConflict: .replace)
    }

    /// Deletes every per-step metric of a run, rows and series.
    static func delete(runKey: String, in db: Database) throws {
        guard let number = try RunNumberRecord.number(of: runKey, in: db) else { return }
        try db.execute(sql: "DELETE FROM step_metrics WHERE run_number = ?", arguments: [number])
        try db.execute(sql: "DELETE FROM step_series WHERE run_number = ?", arguments: [number])
    }
}
