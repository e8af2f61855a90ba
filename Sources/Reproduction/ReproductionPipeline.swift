import Foundation
import Report
import Store
import Sweep

/// The reproduction (`rite-repro reproduce`), in order: every experiment of a profile swept
/// (resumable: finished runs are never run again), the optimizer-step costs of Table 7 and the
/// training-step speeds of Table 4 measured if they are not in the database yet (or `rebench`),
/// the invariance battery of claim C1 measured once, then every table and figure, `claims.md` and
/// `README.md` rendered. The steps that are commands of their own are passed in as `Steps`.
public struct ReproductionPipeline {
    /// The steps the pipeline runs but does not own.
    public struct Steps {
        /// Sweeps one spec file into the database; returns its exit status (`SweepExitCode`).
        public var sweep: (_ specPath: String) -> Int32
        /// Measures and records the optimizer-step costs (Table 7).
        public var measureOptimizerSteps: () throws -> Void
        /// Measures and records the training-step speeds (Table 4).
        public var measureTrainingSteps: () throws -> Void
        /// Measures and records the invariance battery unless it is recorded; whether it measured.
        public var ensureInvarianceBattery: (ResultStore) throws -> Bool

        public init(sweep: @escaping (String) -> Int32, measureOptimizerSteps: @escaping () throws -> Void,
                    measureTrainingSteps: @escaping () throws -> Void,
                    ensureInvarianceBattery: @escaping (ResultStore) throws -> Bool) {
            self.sweep = sweep
            self.measureOptimizerSteps = measureOptimizerSteps
            self.measureTrainingSteps = measureTrainingSteps
            self.ensureInvarianceBattery = ensureInvarianceBattery
        }
    }

    public var profile: String
    /// The profile's spec files, in the order they are swept.
    public var specPaths: [String]
    public var databasePath: String
    /// The folder the tables, figures, `claims.md` and `README.md` are written to.
    public var reportsFolder: String
    public var rebench: Bool
    /// The names of the experiments the profile declares, if known (reports then tell experiments
    /// outside the profile from those not in the database yet).
    public var declaredExperiments: Set<String>?
    public var steps: Steps
    /// Sees a heading line before each stage.
    public var log: (String) -> Void

    public init(profile: String, specPaths: [String], databasePath: String, reportsFolder: String, rebench: Bool,
                steps: Steps, log: @escaping (String) -> Void) {
        self.profile = profile
        self.specPaths = specPaths
        self.databasePath = databasePath
        self.reportsFolder = reportsFolder
        self.rebench = rebench
        self.steps = steps
        self.log = log
    }

    /// Runs the pipeline. Returns `SweepExitCode.finished`, or `runsFailed` when some runs failed
    /// (the reports are written all the same), or the status of the sweep that stopped it (any
    /// other status: nothing after that sweep runs).
    public func run() throws -> Int32 {
        var failedRuns = false
        for (index, spec) in specPaths.enumerated() {
            log("== [\(index + 1)/\(specPaths.count)] \(spec)")
            let status = steps.sweep(spec)
            if status == SweepExitCode.runsFailed { failedRuns = true } else if status != SweepExitCode.finished { return status }
        }
        let store = try ResultStore(path: databasePath)
        if try rebench || store.timings(of: "optimizer-step").isEmpty {
            log("== optimizer-step costs (Table 7)")
            try steps.measureOptimizerSteps()
        }
        // Rows from before per-round recording have no rounds, which claim C7 needs.
        if try rebench || !store.timings(of: "train-step").contains(where: { $0.round != nil }) {
            log("== training-step speeds (Table 4)")
            try steps.measureTrainingSteps()
        }
        if try steps.ensureInvarianceBattery(store) { log("== transformation-invariance battery (claim C1)") }
        var writer = ReportWriter(store: store, profile: profile, folder: reportsFolder)
        writer.declaredExperiments = declaredExperiments
        try writer.writeAll()
        log("== wrote \(ReportTable.allCases.count) tables, \(ReportFigure.allCases.count) figures, "
            + "\(reportsFolder)/claims.md and \(reportsFolder)/README.md")
        return failedRuns ? SweepExitCode.runsFailed : SweepExitCode.finished
    }
}
