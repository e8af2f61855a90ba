/// Errors of the result store, each with a message that says what to do.
public enum StoreError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The file holds schema migrations this build does not know: a newer rite-repro wrote it.
    case newerSchema(path: String, unknownMigrations: [String], knownMigrations: [String])
    /// `OpenMode.existing` was asked and there is no database at the path.
    case missingDatabase(path: String)
    /// A worker tried to write to a run it no longer owns (the run was re-queued and re-claimed).
    case claimLost(runKey: String, workerID: String, attempt: Int)
    /// A run key that is not in the database.
    case unknownRun(key: String)
    /// A stored value that does not parse (for example an unknown status string).
    case corrupt(String)
    /// An experiment of this name is stored with another spec text.
    case experimentConflict(name: String, storedPath: String, storedSHA256: String, newPath: String, newSHA256: String)
    /// SQLite's integrity check found the file damaged (or SQLite could not read it at all).
    case damaged(path: String, problems: [String])
    /// Values the file's format cannot hold (for example a step number beyond 32 bits).
    case cannotStore(String)

    public var description: String {
        switch self {
        case let .newerSchema(path, unknown, known):
            return "\(path) was written by a newer rite-repro: it has schema migration(s) "
                + "\(unknown.joined(separator: ", ")) that this build does not know "
                + "(it knows \(known.joined(separator: ", "))). Use a newer rite-repro, or another --db."
        case let .missingDatabase(path):
            return "no database at \(path)"
        case let .claimLost(runKey, workerID, attempt):
            return "run \(runKey) is no longer held by worker \(workerID) (attempt \(attempt)); "
                + "it was re-queued and its results from this attempt are discarded"
        case let .unknownRun(key):
            return "no run with key \(key) in the database"
        case let .corrupt(message):
            return "corrupt database: \(message)"
        case let .experimentConflict(name, storedPath, storedSHA, newPath, newSHA):
            return "experiment \(name) is already stored from \(storedPath) with other content (spec SHA-256 "
                + "\(storedSHA.prefix(12)), this one \(newSHA.prefix(12)) from \(newPath)); two specs with one name would "
                + "take each other's runs. Give this spec another name, or pass --replace to make it the experiment's "
                + "definition (runs it no longer declares leave the experiment; finished runs stay in the store)."
        case let .damaged(path, problems):
            let shown = problems.prefix(10).map { "  \($0)" }.joined(separator: "\n")
            let more = problems.count > 10 ? "\n  ... and \(problems.count - 10) more" : ""
            return "\(path) is damaged; SQLite's integrity check says:\n\(shown)\(more)\n"
                + "Nothing was written. Restore the file from a copy (or merge its shards again), or use another --db."
        case let .cannotStore(message):
            return "cannot store: \(message)"
        }
    }
}
