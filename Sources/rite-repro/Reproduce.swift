import ArgumentParser
import Foundation
import Report
import Store
import Sweep

/// `rite-repro reproduce`: the main job. Sweeps every experiment of the chosen profile (resumable:
/// finished runs are never run again), measures the optimizer-step costs of Table 7 and the
/// training-step speeds of Table 4 if they are not in the database yet, then renders every table
/// and figure and `reports/README.md`.
struct Reproduce: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sweep every experiment of a profile, then render every table and figure.",
        discussion: """
        Profiles are folders of specs: experiments/quick/ (a reduced grid that one machine finishes in hours) and \
        experiments/full/ (the paper's protocol). Stopped at any moment, reproduce picks up where it was.
        """
    )

    @Option(help: "The experiment profile (\(ExperimentPlan.profiles.joined(separator: ", "))).")
    var profile: String = "quick"

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Worker processes at once (default: the number of cores).")
    var jobs: Int?

    @Option(help: "The folder the tables, figures and README.md are written to.")
    var out: String = "reports"

    @Flag(help: "Measure the optimizer-step costs (Table 7) and the training-step speeds (Table 4) again even if they are recorded.")
    var rebench = false

    func validate() throws {
        guard ExperimentPlan.profiles.contains(profile) else {
            throw ValidationError("--profile \(profile) is unknown; expected one of \(ExperimentPlan.profiles.joined(separator: ", "))")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }

    func run() throws {
        let specs = ExperimentFiles.profileSpecs(profile)
        if specs.isEmpty {
            print("rite-repro reproduce: no experiments are declared in \(ExperimentFiles.folder)/\(profile)/; nothing to run.")
            return
        }
        let jobs = jobs ?? ProcessInfo.processInfo.activeProcessorCount
        for (index, spec) in specs.enumerated() {
            print("== [\(index + 1)/\(specs.count)] \(spec)")
            try SweepCommand.sweep(experiment: spec, databasePath: database.path, jobs: jobs, shard: .whole,
                                   dryRun: false, retryFailed: false)
        }
        let store = try ResultStore(path: database.path)
        let recorded = try store.timings(of: "optimizer-step")
        if rebench || recorded.isEmpty {
            print("== optimizer-step costs (Table 7)")
            var bench = try Bench.OptimizerStep.parse(["--db", database.path])
            try bench.validate()
            try bench.run()
        }
        if try rebench || store.timings(of: "train-step").isEmpty {
            print("== training-step speeds (Table 4)")
            var bench = try Bench.TrainStep.parse(["--record", "--db", database.path])
            try bench.validate()
            try bench.run()
        }
        try ReportWriter(store: store, profile: profile, folder: out).writeAll()
        print("== wrote \(ReportBuilder.tableNames.count) tables, \(ReportBuilder.figureNames.count) figures and \(out)/README.md")
    }
}
