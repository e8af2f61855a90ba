import ArgumentParser
import Foundation
import RiteCore
import Store
import Sweep
import Training

/// `rite-repro worker`: one worker process of a sweep (started by `sweep`, not by hand).
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Claim and execute pending runs of an experiment until none is left (started by sweep).",
        shouldDisplay: false
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The experiment whose runs to claim.")
    var experiment: String

    @Option(help: ArgumentHelp("The shard of the grid to claim from.", valueName: "K/N"))
    var shard: String = "1/1"

    @Option(help: "Exit when the parent process is no longer this pid.")
    var parentPid: Int32?

    @Option(help: "The git commit recorded with each run.")
    var gitCommit: String?

    @Option(help: ArgumentHelp("The sweep's hang timeout (see sweep --hang-timeout).", valueName: "SECONDS"))
    var hangTimeout: Double = DeadWorkerPolicy.defaultHangTimeout

    func validate() throws {
        if Shard(shard) == nil { throw ValidationError("--shard must be K/N with 1 <= K <= N, got \(shard)") }
    }

    func run() throws {
        let executor: any RunExecutor
        do {
            executor = try SweepBackend.standard(databasePath: database.path, missingBaseModel: .refuse) { print($0) }.makeExecutor()
        } catch {
            FileHandle.standardError.write(Data("rite-repro worker: \(ErrorText.describe(error))\n".utf8))
            throw ExitCode(WorkerExitCode.cannotStart)
        }
        let store = try ResultStore(path: database.path, mode: .existing)
        // Signals are caught before the first claim: from then on SIGINT and SIGTERM put the run back.
        let interruption = Interruption()
        interruption.trapSignals()
        let identity = LocalProcessProbe.currentWorker(command: CommandLine.arguments.joined(separator: " "), sweepPID: parentPid)
        var settings = WorkerSettings(
            experiment: experiment, shard: Shard(shard)!,
            stamp: ExecutionStamp(gitCommit: gitCommit, toolVersion: ToolVersion.current, host: identity.host),
            policy: DeadWorkerPolicy(localHost: identity.host, probe: LocalProcessProbe(), hangTimeout: hangTimeout))
        settings.parentPID = parentPid
        settings.interruption = interruption
        _ = try SweepWorker(store: store, identity: identity, executor: executor, settings: settings).run()
    }
}
