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

    public let path: String
    let pool: DatabasePool

    /// Opens (or creates) the database, refuses a file written by a newer rite-repro, and applies
    /// the migrations an older file lacks.
    public init(path: String, mode: OpenMode = .createIfMissing) throws {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists {
            if mode == .existing { throw StoreError.missingDatabase(path: path) }
            let folder = (path as NSString).deletingLastPathComponent
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        }
        pool = try DatabasePool(path: path, configuration: Self.configuration())
        try Self.refuseNewerSchema(pool, path: path)
        try StoreSchema.migrator.migrate(pool)
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
