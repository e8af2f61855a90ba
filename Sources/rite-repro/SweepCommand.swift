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
        database never run the same run. Ctrl-C or SIGTERM puts the runs in progress back to pending \
        at once. Exit status: 0 every run done or diverged; 1 an error; 2 some runs failed; 3 the \
        database is damaged; 4 another spec of this name is stored (see --replace); 130/143/129 \
        interrupted by SIGINT/SIGTERM/SIGHUP.
        """
    )

    @Argument(help: "An experiment name (experiments/NAME.yaml) or the path of a spec file.")
    var experiment: String

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var sweep: SweepOptionGroup

    @Option(help: ArgumentHelp("Run only shard K of N of the grid (by run key), for batch-system job arrays.", valueName: "K/N"))
    var shard: String?

    @Flag(help: "Print the grid, how many runs are done and pending, and an estimate of the time left; run nothing.")
    var dryRun = false

    func validate() throws {
        if let shard, Shard(shard) == nil {
            throw ValidationError("--shard must be K/N with 1 <= K <= N (for example 2/8), got \(shard)")
        }
    }

    func run() throws {
        let path = ExperimentFiles.path(for: experiment)
        let shard = shard.flatMap(Shard.init) ?? .whole
        if dryRun {
            let backend = SweepBackend.standard(databasePath: database.path, missingBaseModel: .refuse) { print($0) }
            let spec = try SpecDecoder.load(path: path, vocabulary: backend.vocabulary)
            let exists = FileManager.default.fileExists(atPath: database.path)
            let store = exists ? try ResultStore(path: database.path, mode: .existing) : nil
            print(try SweepDryRun.render(grid: SweepGrid(spec: spec, context: backend.keyContext), store: store, shard: shard,
                                         jobs: sweep.jobCount))
            return
        }
        let status = Self.sweep(specPath: path, databasePath: database.path, options: sweep, shard: shard)
        if status != SweepExitCode.finished { throw ExitCode(status) }
    }

    /// Sweeps one experiment (also used by `reproduce`) and returns the exit status
    /// (`SweepExitCode`); errors are printed, not thrown.
    static func sweep(specPath: String, databasePath: String, options group: SweepOptionGroup, shard: Shard,
                      replace: Bool? = nil) -> Int32 {
        let backend = SweepBackend.standard(databasePath: databasePath) { print($0) }
        var options = SweepOptions(databasePath: databasePath, jobs: group.jobCount,
                                   policy: DeadWorkerPolicy(localHost: LocalProcessProbe.hostName, probe: LocalProcessProbe(),
                                                            hangTimeout: group.hangTimeout))
        options.shard = shard
        options.retryFailed = group.retryFailed
        options.replace = replace ?? group.replace
        options.gitCommit = GitRevision.current()
        if let commit = options.gitCommit, commit.hasSuffix("-dirty") {
            FileHandle.standardError.write(Data(("warning: the working copy has uncommitted changes (\(commit)); its runs record "
                + "a commit that does not hold the code that made them. Commit first for a clean provenance.\n").utf8))
        }
        let interruption = Interruption()
        options.interruption = interruption
        var session = SweepSession(specPath: specPath, options: options, backend: backend,
                                   launcher: ProcessWorkerLauncher(executable: ProcessWorkerLauncher.currentExecutable()),
                                   printer: .standardOutput())
        session.willStart = { interruption.trapSignals() }
        do {
            let (spec, result) = try session.run()
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
            let status = SweepExitCode.status(of: result)
            if status == SweepExitCode.runsFailed {
                print("some runs failed: rite-repro status --db \(databasePath) shows why; --retry-failed runs them again")
            }
            return status
        } catch {
            FileHandle.standardError.write(Data("rite-repro sweep: \(ErrorText.describe(error))\n".utf8))
            return SweepExitCode.status(of: error)
        }
    }
}

/// The options `sweep` and `reproduce` share.
struct SweepOptionGroup: ParsableArguments {
    @Option(help: "Worker processes at once (default: the number of cores).")
    var jobs: Int?

    @Flag(help: "Send failed runs back to pending and run them again (diverged runs stay).")
    var retryFailed = false

    @Flag(help: "Make this spec the experiment's definition even if the database holds another spec of the same name.")
    var replace = false

    @Option(help: ArgumentHelp("A local worker whose heartbeat has been silent this long is hung: it is stopped and its run taken back.",
                               valueName: "SECONDS"))
    var hangTimeout: Double = DeadWorkerPolicy.defaultHangTimeout

    var jobCount: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        // Workers beat every 5 s: a shorter timeout would call a healthy worker hung.
        if !(hangTimeout >= 10) { throw ValidationError("--hang-timeout must be at least 10 seconds, got \(hangTimeout)") }
    }
}
