import ArgumentParser
import Foundation
import RiteCore
import Store
import Sweep

/// `rite-repro sweep EXPERIMENT`: runs every run of an experiment that is not done yet.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run every run of an experiment that is not done yet (resumable, parallel).",
        discussion: """
        Workers are separate processes that claim runs from the database, so a sweep stopped at any \
        moment (even with kill -9) and started again finishes the rest, and two sweeps on the same \
        database never run the same run. Runs left by dead workers are taken up again.
        """
    )

    @Argument(help: "An experiment name (experiments/NAME.yaml) or the path of a spec file.")
    var experiment: String

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Worker processes at once (default: the number of cores).")
    var jobs: Int?

    @Option(help: ArgumentHelp("Run only shard K of N of the grid (by run key), for batch-system job arrays.", valueName: "K/N"))
    var shard: String?

    @Flag(help: "Print the grid, how many runs are done and pending, and an estimate of the time left; run nothing.")
    var dryRun = false

    @Flag(help: "Send failed runs back to pending and run them again (diverged runs stay).")
    var retryFailed = false

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let shard, Shard(shard) == nil {
            throw ValidationError("--shard must be K/N with 1 <= K <= N (for example 2/8), got \(shard)")
        }
    }

    func run() throws {
        try Self.sweep(experiment: experiment, databasePath: database.path, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                       shard: shard.flatMap(Shard.init) ?? .whole, dryRun: dryRun, retryFailed: retryFailed)
    }

    /// Sweeps one experiment (also used by `reproduce`).
    static func sweep(experiment: String, databasePath: String, jobs: Int, shard: Shard, dryRun: Bool, retryFailed: Bool) throws {
        let backend = RunExecutorFactory.backend(databasePath: databasePath, missingBaseModel: dryRun ? .refuse : .pretrain)
        let spec = try SpecDecoder.load(path: ExperimentFiles.path(for: experiment), vocabulary: backend.vocabulary)
        let grid = SweepGrid(spec: spec, context: backend.keyContext)
        if dryRun {
            let exists = FileManager.default.fileExists(atPath: databasePath)
            let store = exists ? try ResultStore(path: databasePath, mode: .existing) : nil
            print(try SweepDryRun.render(grid: grid, store: store, shard: shard, jobs: jobs))
            return
        }
        let store = try ResultStore(path: databasePath)
        var options = SweepOptions(databasePath: databasePath, jobs: jobs,
                                   policy: DeadWorkerPolicy(localHost: LocalProcessProbe.hostName, probe: LocalProcessProbe()))
        options.shard = shard
        options.retryFailed = retryFailed
        options.gitCommit = GitRevision.current()
        if let commit = options.gitCommit, commit.hasSuffix("-dirty") {
            FileHandle.standardError.write(Data(("warning: the working copy has uncommitted changes (\(commit)); its runs record "
                + "a commit that does not hold the code that made them. Commit first for a clean provenance.\n").utf8))
        }
        let launcher = ProcessWorkerLauncher(executable: ProcessWorkerLauncher.currentExecutable())
        let result = try SweepCoordinator(store: store, grid: grid, options: options, launcher: launcher,
                                          printer: .standardOutput()).run()
        print("\(spec.name)" + (shard.count > 1 ? " shard \(shard)" : "") + ": "
            + RunStatus.allCases.map { "\(result.counts[$0, default: 0]) \($0.rawValue)" }.joined(separator: ", "))
        for line in result.unresolved { print("no phase-2 runs for \(line)") }
        if result.waitingForOtherShards {
            print("""
            phase 1 of this shard is finished; phase 2 needs the phase-1 results of every shard: merge the shard \
            databases (rite-repro merge), give each shard a copy of the merged database, and run the same \
            sweep --shard K/N again.
            """)
        }
    }
}
