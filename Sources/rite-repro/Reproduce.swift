import ArgumentParser
import Foundation
import Report
import Reproduction
import Store
import Sweep

/// `rite-repro reproduce`: the main job. Sweeps every experiment of the chosen profile (resumable:
/// finished runs are never run again), measures the optimizer-step costs of Table 7 and the
/// training-step speeds of Table 4 if they are not in the database yet, and the invariance battery
/// of claim C1, then renders every table and figure, `reports/claims.md` and `reports/README.md`.
struct Reproduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sweep every experiment of a profile, then render every table and figure.",
        discussion: """
        Profiles are folders of specs: experiments/quick/ (a reduced grid that one machine finishes in hours) and \
        experiments/full/ (the paper's protocol). Stopped at any moment, reproduce picks up where it was. The \
        profile's specs define their experiments: a stored experiment of the same name with an older text is \
        replaced (said in a line). Exit status as for sweep; 2 when some runs failed (the reports are written).
        """
    )

    @Option(help: "The experiment profile (\(ExperimentPlan.profiles.joined(separator: ", "))).")
    var profile: String = "quick"

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var sweep: SweepOptionGroup

    @Option(help: "The folder the tables, figures and README.md are written to.")
    var out: String = "reports"

    @Flag(help: "Measure the optimizer-step costs (Table 7) and the training-step speeds (Table 4) again even if they are recorded.")
    var rebench = false

    @Flag(help: "Print per experiment the runs left and their estimated core-hours, and the total; run nothing.")
    var dryRun = false

    func validate() throws {
        guard ExperimentPlan.profiles.contains(profile) else {
            throw ValidationError("--profile \(profile) is unknown; expected one of \(ExperimentPlan.profiles.joined(separator: ", "))")
        }
    }

    func run() throws {
        let specs = ExperimentFiles.profileSpecs(profile)
        if specs.isEmpty {
            print("rite-repro reproduce: no experiments are declared in \(ExperimentFiles.folder)/\(profile)/; nothing to run.")
            return
        }
        if dryRun {
            try printBudget(specs: specs, jobs: sweep.jobCount)
            return
        }
        var pipeline = ReproductionPipeline(
            profile: profile, specPaths: specs, databasePath: database.path, reportsFolder: out, rebench: rebench,
            steps: .init(
                sweep: { SweepCommand.sweep(specPath: $0, databasePath: database.path, options: sweep, shard: .whole, replace: true) },
                measureOptimizerSteps: {
                    var bench = try Bench.OptimizerStep.parse(["--db", database.path])
                    try bench.validate()
                    try bench.run()
                },
                measureTrainingSteps: {
                    var bench = try Bench.TrainStep.parse(["--record", "--db", database.path])
                    try bench.validate()
                    try bench.run()
                },
                ensureInvarianceBattery: { try InvarianceBattery.ensure(store: $0, force: false) }),
            log: { print($0) })
        pipeline.declaredExperiments = try ExperimentFiles.profileExperimentNames(profile)
        let status = try pipeline.run()
        if status != SweepExitCode.finished { throw ExitCode(status) }
    }

    /// The runs left per experiment and their estimated core-hours (`ProfileBudget`).
    func printBudget(specs: [String], jobs: Int) throws {
        let backend = SweepBackend.standard(databasePath: database.path, missingBaseModel: .refuse) { print($0) }
        let exists = FileManager.default.fileExists(atPath: database.path)
        let store = exists ? try ResultStore(path: database.path, mode: .existing) : nil
        for line in try ProfileBudget.lines(profile: profile, specPaths: specs, backend: backend, store: store, jobs: jobs) {
            print(line)
        }
    }
}
