internal import GRDB

// Internal helpers for the Store tests (`@testable import Store`).
extension ResultStore {
    /// Creates a database that has only the migrations up to `identifier`, as an older rite-repro
    /// would have left it.
    static func createOldSchemaFile(path: String, upTo identifier: String) throws {
        let store = try ResultStore(unmigratedPath: path)
        try StoreSchema.migrator.migrate(store.pool, upTo: identifier)
    }

    /// Runs raw SQL (to simulate files written by other versions).
    func execute(sql: String) throws {
        try pool.write { db in try db.execute(sql: sql) }
    }

    /// The names of the tables in the file.
    func tableNames() throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
    }

    /// The first column of every row of a query, as text (NULL as "NULL").
    func rows(sql: String) throws -> [String] {
        try pool.read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                let value: DatabaseValue = row[0]
                return value.isNull ? "NULL" : (String.fromDatabaseValue(value) ?? value.description)
            }
        }
    }
}
