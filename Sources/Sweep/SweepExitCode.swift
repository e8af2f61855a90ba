import Store

/// The exit statuses of `rite-repro sweep` (and `reproduce`), so scripts and batch systems can
/// tell a finished sweep from one that needs attention:
///
/// | status | meaning |
/// |---|---|
/// | 0 | every run of the sweep (its shard) is done or diverged, or the shard waits for the other shards' phase 1 |
/// | 1 | the sweep could not run or stopped on an error: a bad spec, an unusable base model, a store error, workers that keep failing (nothing about the runs is lost) |
/// | 2 | the sweep finished, but some runs failed (`rite-repro status` shows why; `--retry-failed` runs them again) |
/// | 3 | the database is damaged (SQLite's integrity check failed); nothing was written |
/// | 4 | another spec of the same name is stored; nothing was written (`--replace` makes this spec the definition) |
/// | 130, 143, 129 | interrupted by SIGINT, SIGTERM or SIGHUP: runs in progress went back to pending; run the sweep again |
public enum SweepExitCode {
    public static let finished: Int32 = 0
    public static let error: Int32 = 1
    public static let runsFailed: Int32 = 2
    public static let damagedDatabase: Int32 = 3
    public static let nameConflict: Int32 = 4

    /// The status for a sweep that returned `result`.
    public static func status(of result: SweepResult) -> Int32 {
        result.counts[.failed, default: 0] > 0 ? runsFailed : finished
    }

    /// The status for a sweep that threw `error`.
    public static func status(of error: any Error) -> Int32 {
        switch error {
        case let SweepError.interrupted(signal): Interruption.exitStatus(for: signal)
        case StoreError.damaged: damagedDatabase
        case StoreError.experimentConflict: nameConflict
        default: Self.error
        }
    }
}
