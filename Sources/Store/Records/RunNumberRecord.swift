internal import GRDB

/// A row of `run_numbers`: the small integer that keys a run's rows in `step_metrics`.
struct RunNumberRecord: SnakeCaseRecord {
    static let databaseTableName = "run_numbers"
    var id: Int64?
    var runKey: String

    /// The run's number, or nil when it has none yet.
    static func number(of runKey: String, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT id FROM run_numbers WHERE run_key = ?", arguments: [runKey])
    }

    /// The run's number, given one if it has none.
    static func numberCreating(for runKey: String, in db: Database) throws -> Int64 {
        if let number = try number(of: runKey, in: db) { return number }
        try RunNumberRecord(id: nil, runKey: runKey).insert(db)
        return db.lastInsertedRowID
    }
}
