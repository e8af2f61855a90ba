import Store

extension StoreReader {
    /// The stored invariance measurements (claim C1), in the order they were measured.
    public func invarianceMeasurements() throws -> [InvarianceMeasurement] {
        try store.invarianceChecks().map {
            InvarianceMeasurement(optimizer: $0.optimizer, settings: $0.settings, transform: $0.transform,
                                  parameter: $0.transformParameter, problemSeed: $0.problemSeed, steps: $0.steps,
                                  discrepancy: $0.discrepancy, movement: $0.movement, failure: $0.failure,
                                  numericsVersion: $0.numericsVersion)
        }
    }

    /// Everything the claims of `profile` read: the runs of their experiments, the curves of the runs
    /// C2 looks at (every finished run of its tasks and rank, whatever the rate), the optimizer-step
    /// timings and the invariance measurements.
    public func claimInputs(profile: String, options: ClaimOptions = ClaimOptions()) throws -> ClaimInputs {
        let (results, missing) = try results(experiments: ClaimsBuilder.experiments(profile: profile))
        let curveRuns = results.filter { run in
            options.factorTasks.contains(run.task) && run.rank == options.report.rank && (run.status == .done || run.status == .didNotLearn)
        }
        return ClaimInputs(results: results, curves: try curves(runKeys: curveRuns.map(\.runKey)), stepCosts: try stepCosts(),
                           invariance: try invarianceMeasurements(), missingExperiments: missing)
    }
}
