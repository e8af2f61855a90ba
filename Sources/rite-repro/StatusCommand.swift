import ArgumentParser
import Store
import Sweep

/// `rite-repro status`: what is done, running, failed or diverged, per experiment.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show, per experiment, how many runs are pending, running, done, failed or diverged, and the last errors."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "How many of the most recent failed or diverged runs to show per experiment.")
    var errors: Int = 5

    func validate() throws {
        if errors < 0 { throw ValidationError("--errors must be >= 0, got \(errors)") }
    }

    func run() throws {
        let store = try ResultStore(path: database.path, mode: .existing)
        let policy = DeadWorkerPolicy(localHost: LocalProcessProbe.hostName, probe: LocalProcessProbe())
        print(try StatusReport.render(store: store, policy: policy, problems: errors))
    }
}
