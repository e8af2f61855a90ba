import ArgumentParser
import Foundation
import Report
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
        if try rebench || store.timings(of: "train-step").isEmpty {
            print("== training-step speeds (Table 4)")
            var bench = try Bench.TrainStep.parse(["--record", "--db", database.path])
            try bench.validate()
            try bench.run()
        }
        if try InvarianceBattery.ensure(store: store, force: false) { print("== transformation-invariance battery (claim C1)") }
        try ReportWriter(store: store, profile: profile, folder: out).writeAll()
        print("== wrote \(ReportTable.allCases.count) tables, \(ReportFigure.allCases.count) figures, \(out)/claims.md and \(out)/README.md")
        if failedRuns { throw ExitCode(SweepExitCode.runsFailed) }
    }

    /// The runs left per experiment and their cost in core-hours, estimated from the done runs in
    /// the database; a first-seed search's second phase is counted before it is planned.
    func printBudget(specs: [String], jobs: Int) throws {
        let backend = RunExecutorFactory.backend(databasePath: database.path, missingBaseModel: .refuse)
        let exists = FileManager.default.fileExists(atPath: database.path)
        let store = exists ? try ResultStore(path: database.path, mode: .existing) : nil
        var runs = 0, seconds = 0.0, unknown: [String] = []
        for path in specs {
            let spec = try SpecDecoder.load(path: path, vocabulary: backend.vocabulary)
            let budget = try SweepBudget.estimate(grid: SweepGrid(spec: spec, context: backend.keyContext), store: store)
            runs += budget.runsLeft
            if let core = budget.coreSeconds { seconds += core } else if budget.runsLeft > 0 { unknown.append(spec.name) }
            let cost = budget.coreSeconds.map { String(format: "%.2f core-hours", $0 / 3600) } ?? "no estimate"
            print("\(spec.name): \(budget.runsLeft) run(s) left, \(cost)")
        }
        var total = "profile \(profile): \(runs) run(s) left, " + String(format: "%.2f core-hours", seconds / 3600)
            + String(format: " (about %.1f h on %d job(s))", seconds / 3600 / Double(jobs), jobs)
        if !unknown.isEmpty { total += "; not counted, no comparable done run: " + unknown.joined(separator: ", ") }
        print(total)
    }
}
