import Foundation

/// An experiment as a Slurm job array: one array task per shard, each sweeping its shard into its
/// own database beside the others (so tasks on different nodes never share a SQLite file), to be
/// merged with `rite-repro merge` once the array has finished.
///
/// The job is requeueable: a preempted or requeued task gets SIGTERM, its sweep puts the runs in
/// progress back to pending (nothing is charged), and the task's next start resumes its shard.
public struct SlurmArray: Sendable, Equatable {
    public var experiment: String
    /// The spec file, as the sweep reads it (relative to `workingDirectory` or absolute).
    public var specPath: String
    /// The rite-repro binary the tasks run (absolute: tasks start in a batch environment).
    public var binary: String
    public var workingDirectory: String
    public var shards: Int
    public var cpusPerTask: Int
    /// Where the shard databases (and, beside them, `base-models/`) live.
    public var databaseFolder: String
    public var partition: String?
    /// Slurm's `--time` (for example `2:00:00`).
    public var timeLimit: String?

    public init(experiment: String, specPath: String, binary: String, workingDirectory: String, shards: Int,
                cpusPerTask: Int, databaseFolder: String, partition: String? = nil, timeLimit: String? = nil) {
        self.experiment = experiment
        self.specPath = specPath
        self.binary = binary
        self.workingDirectory = workingDirectory
        self.shards = shards
        self.cpusPerTask = cpusPerTask
        self.databaseFolder = databaseFolder
        self.partition = partition
        self.timeLimit = timeLimit
    }

    /// The database of shard `k` (1-based).
    public func shardDatabase(_ k: Int) -> String {
        (databaseFolder as NSString).appendingPathComponent("\(experiment)-shard-\(k)-of-\(shards).sqlite")
    }

    /// Every shard database, in shard order (what `rite-repro merge` takes).
    public var shardDatabases: [String] { (1 ... shards).map(shardDatabase) }

    /// The batch script: `sbatch` it as it is.
    public var script: String {
        var lines = [
            "#!/bin/bash",
            "# rite-repro: experiment \(experiment) as \(shards) array tasks, one shard each; merge the shard",
            "# databases when every task has finished: rite-repro merge OUT \(shardDatabase(1).replacingOccurrences(of: "-shard-1-", with: "-shard-*-"))",
            "#SBATCH --job-name=rite-\(experiment)",
            "#SBATCH --array=1-\(shards)",
            "#SBATCH --cpus-per-task=\(cpusPerTask)",
            "#SBATCH --chdir=\(Self.quoted(workingDirectory))",
            "#SBATCH --output=\(Self.quoted((databaseFolder as NSString).appendingPathComponent("\(experiment)-shard-%a-of-\(shards).log")))",
            "#SBATCH --open-mode=append",
            // Preempted or requeued tasks start again and resume their shard.
            "#SBATCH --requeue",
        ]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let timeLimit { lines.append("#SBATCH --time=\(timeLimit)") }
        let database = shardDatabase(1).replacingOccurrences(of: "-shard-1-", with: "-shard-${SLURM_ARRAY_TASK_ID}-")
        lines += [
            "# exec: Slurm's SIGTERM (preemption, scancel, requeue, time limit) reaches the sweep itself.",
            "exec \(Self.quoted(binary)) sweep \(Self.quoted(specPath)) --shard \"${SLURM_ARRAY_TASK_ID}/\(shards)\" "
                + "--jobs \"${SLURM_CPUS_PER_TASK:-\(cpusPerTask)}\" --db \"\(database)\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` as one shell word.
    static func quoted(_ text: String) -> String {
        if text.allSatisfy({ $0.isLetter || $0.isNumber || "/._-+=:,@%".contains($0) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
