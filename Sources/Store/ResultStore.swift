import Foundation
internal import GRDB

/// The SQLite file that holds every experiment, run, metric and score (WAL mode).
///
/// Several processes may open the same file at once: every write is an IMMEDIATE transaction,
/// so writers queue (waiting up to `busyTimeout`) instead of failing or interleaving.
/// Callers use plain Swift types only; this target is the only one that sees GRDB.
public final class ResultStore: Sendable {
    /// The database every command uses unless told otherwise.
    public static let defaultPath = "results/rite.sqlite"
    /// How long a write waits for another process's write to finish before it fails.
    public static let busyTimeout: TimeInterval = 120

    public enum OpenMode: Sendable {
        /// Create the file (and its folder) if it is missing.
        case createIfMissing
        /// Refuse to open a file that does not exist.
        case existing
    }

    /// How thoroughly a file is checked when it is opened (SQLite's own checks).
    public enum IntegrityCheck: Sendable {
        /// `PRAGMA quick_check`: the structure of every page and b-tree, in about the time of
        /// reading the file; what `sweep` runs before it writes anything.
        case quick
        /// `PRAGMA integrity_check` (also index contents) and `PRAGMA foreign_key_check`; what
        /// `status --check` runs.
        case full
    }

    public let path: String
    let pool: DatabasePool

    /// Opens (or creates) the database, refuses a damaged file when `check` is given (before
    /// anything is written), refuses a file written by a newer rite-repro, and applies the
    /// migrations an older file lacks.
    public init(path: String, mode: OpenMode = .createIfMissing, check: IntegrityCheck? = nil) throws {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists {
            if mode == .existing { throw StoreError.missingDatabase(path: path) }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        }
        if let check, exists { try Self.verify(path: path, check: check) }
        do {
            pool = try DatabasePool(path: path, configuration: Self.configuration())
            try Self.refuseNewerSchema(pool, path: path)
            try StoreSchema.migrator.migrate(pool)
        } catch let error as DatabaseError where Self.isDamage(error) {
            throw StoreError.damaged(path: path, problems: [error.message ?? error.description])
        }
    }

    /// Checks the existing file at `path` without migrating or writing anything; throws
    /// `StoreError.damaged` with SQLite's findings.
    public static func verify(path: String, check: IntegrityCheck) throws {
        do {
            // A read-only connection: opening a pool can write to the file (and a damaged file
            // must not be touched).
            var configuration = configuration()
            configuration.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            let problems = try queue.read { db in try integrityProblems(db, check) }
            if !problems.isEmpty { throw StoreError.damaged(path: path, problems: problems) }
        } catch let error as DatabaseError where isDamage(error) {
            throw StoreError.damaged(path: path, problems: [error.message ?? error.description])
        }
    }

    /// SQLite's answer to `check`: an empty list when the file is sound, else one line per problem.
    public func integrityProblems(_ check: IntegrityCheck) throws -> [String] {
        do {
            return try pool.read { db in try Self.integrityProblems(db, check) }
        } catch let error as DatabaseError where Self.isDamage(error) {
            return [error.message ?? error.description]
        }
    }

    static func integrityProblems(_ db: Database, _ check: IntegrityCheck) throws -> [String] {
        do {
            let pragma = check == .quick ? "quick_check" : "integrity_check"
            // At most 100 lines: a badly damaged file would list every page.
            var problems = try String.fetchAll(db, sql: "PRAGMA \(pragma)(100)").filter { $0 != "ok" }
            if check == .full {
                for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                    let table: String = row[0], parent: String = row[2]
                    let rowid: DatabaseValue = row[1]
                    problems.append("foreign key: row \(rowid) of \(table) refers to a missing row of \(parent)")
                }
            }
            return problems
        }
    }

    /// Errors that mean the file itself is damaged (not busy, not a bad query).
    static func isDamage(_ error: DatabaseError) -> Bool {
        [ResultCode.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(error.resultCode)
    }

    /// Opens without migrating; for tests that build an old-schema file.
    init(unmigratedPath path: String) throws {
        self.path = path
        pool = try DatabasePool(path: path, configuration: Self.configuration())
    }

    static func configuration() -> Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.foreignKeysEnabled = true
        return configuration
    }

    static func refuseNewerSchema(_ pool: DatabasePool, path: String) throws {
        let migrator = StoreSchema.migrator
        let unknown: [String] = try pool.read { db in
            guard try migrator.hasBeenSuperseded(db) else { return [] }
            return try migrator.appliedIdentifiers(db).filter { !StoreSchema.migrationIdentifiers.contains($0) }.sorted()
        }
        if !unknown.isEmpty {
            throw StoreError.newerSchema(path: path, unknownMigrations: unknown, knownMigrations: StoreSchema.migrationIdentifiers)
        }
    }

    /// The identifiers of the migrations applied to this file, in order.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try StoreSchema.migrator.appliedMigrations(db) }
    }

    /// The identifiers of every migration this build knows, in order.
    public static var knownMigrations: [String] { StoreSchema.migrationIdentifiers }

    /// SQLite's journal mode for this file (`wal`).
    public func journalMode() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Writes in an IMMEDIATE transaction: the write lock is taken at the start, so two processes
    /// never both read the same state and then both act on it.
    func writeImmediately<T>(_ body: (Database) throws -> T) throws -> T {
        try pool.writeWithoutTransaction { db in
            var result: T?
            try db.inTransaction(.immediate) {
                result = try body(db)
                return .commit
            }
            return result!
        }
    }
}
