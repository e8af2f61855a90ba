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
                           invariance: try invarianceMeasurements(), stepTimes: try trainingStepRounds(rank: options.report.rank),
                           missingExperiments: missing)
    }

    /// Claim C7's input: the rounds of the recorded training-step benchmark (`bench train-step
    /// --record`), Adam's and LoRA-RITE's mean step times of the same round and preset paired; nil
    /// when no round of both was recorded at `rank`.
    public func trainingStepRounds(rank: Int) throws -> StepTimeRounds? {
        let rows = try store.timings(of: "train-step").filter { $0.round != nil && $0.preset != nil && $0.r == rank }
        var rounds: [StepTimeRound] = []
        var workloads: [String] = []
        for adam in rows where adam.optimizer == "adam" {
            guard let rite = rows.first(where: { $0.optimizer == "lora-rite" && $0.preset == adam.preset && $0.round == adam.round }) else {
                continue
            }
            rounds.append(StepTimeRound(stratum: adam.preset!, label: "round \(adam.round!)", adamSeconds: adam.medianSeconds,
                                        riteSeconds: rite.medianSeconds))
            if let workload = adam.workload, !workloads.contains(workload) { workloads.append(workload) }
        }
        if rounds.isEmpty { return nil }
        let batch = rows.first?.batch.map { ", batch \($0)" } ?? ""
        let source = "the rounds of the training-step benchmark (`rite-repro bench train-step --record`: rank \(rank)\(batch), "
            + "\(workloads.isEmpty ? "workload not recorded" : workloads.joined(separator: "; ")); in each round every optimizer "
            + "runs in turn in one process, so a round's Adam and LoRA-RITE times were measured under the same load"
        return StepTimeRounds(source: source, rounds: rounds)
    }
}
