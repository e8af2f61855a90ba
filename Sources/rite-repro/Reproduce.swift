import ArgumentParser
import Foundation
import Report
import Store
import Sweep

/// `rite-repro reproduce`: the main job. Sweeps every experiment of the chosen profile (resumable:
/// finished runs are never run again), measures the optimizer-step costs of Table 7 if they are not
/// in the database yet, then renders every table and figure and `reports/README.md`.
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

    @Flag(help: "Measure the optimizer-step costs (Table 7) again even if they are recorded.")
    var rebench = false

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
        var failedRuns = false
        for (index, spec) in specs.enumerated() {
            print("== [\(index + 1)/\(specs.count)] \(spec)")
            let status = SweepCommand.sweep(specPath: spec, databasePath: database.path, options: sweep, shard: .whole, replace: true)
            if status == SweepExitCode.runsFailed { failedRuns = true } else if status != SweepExitCode.finished { throw ExitCode(status) }
        }
        let store = try ResultStore(path: database.path)
        let recorded = try store.timings(of: "optimizer-step")
        if rebench || recorded.isEmpty {
            print("== optimizer-step costs (Table 7)")
            var bench = try Bench.OptimizerStep.parse(["--db", database.path])
            try bench.validate()
            try bench.run()
        }
        try ReportWriter(store: store, profile: profile, folder: out).writeAll()
        print("== wrote \(ReportBuilder.tableNames.count) tables, \(ReportBuilder.figureNames.count) figures and \(out)/README.md")
        if failedRuns { throw ExitCode(SweepExitCode.runsFailed) }
    }
}
