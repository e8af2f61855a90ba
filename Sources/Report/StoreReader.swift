import RiteCore
import Store

/// Reads the report's plain input rows from the store (read-only).
public struct StoreReader {
    public let store: ResultStore

    public init(store: ResultStore) { self.store = store }

    /// The runs of `experiments` (each run once, under the first experiment that lists it), with
    /// their status and final scores per split. Experiments missing from the store are skipped;
    /// `missing` lists them. An optimizer whose runs differ in hyper-parameters is named per
    /// variant (`lora-rite(beta1=0.99)`, see `OptimizerVariants`).
    public func results(experiments: [String]) throws -> (results: [RunResult], missing: [String]) {
        var seen = Set<String>(), results: [RunResult] = [], missing: [String] = []
        var hyperparameters: [[String: OptimizerVariants.Value]] = []
        for experiment in experiments {
            guard try store.experiment(named: experiment) != nil else {
                missing.append(experiment)
                continue
            }
            for member in try store.members(of: experiment) where seen.insert(member.run.key).inserted {
                let run = member.run
                var dev: [String: Double] = [:], test: [String: Double] = [:]
                if run.status.hasScores {
                    for score in try store.finalScores(runKey: run.key) {
                        if score.split == Split.dev.rawValue { dev[score.metric] = score.value }
                        if score.split == Split.test.rawValue { test[score.metric] = score.value }
                    }
                }
                results.append(RunResult(stored: run, experiment: experiment, devScores: dev, testScores: test))
                hyperparameters.append(OptimizerVariants.hyperparameters(configJSON: run.configJSON))
            }
        }
        let labels = OptimizerVariants.labels(optimizers: results.map(\.optimizer), hyperparameters: hyperparameters)
        for index in results.indices { results[index].optimizer = labels[index] }
        return (results, missing)
    }

    /// The per-step curves of the given runs: training loss, the norms of A and B, and the update
    /// magnitudes (steps where a magnitude is undefined, ||B|| = 0, are left out).
    public func curves(runKeys: [String]) throws -> [StepSeries] {
        var series: [StepSeries] = []
        for key in runKeys {
            let steps = try store.stepMetrics(runKey: key)
            if steps.isEmpty { continue }
            func curve(_ metric: CurveMetric, _ value: (StepMetric) -> Double?) -> StepSeries {
                StepSeries(runKey: key, metric: metric, points: steps.compactMap { s in value(s).map { CurvePoint(step: s.step, value: $0) } })
            }
            series += [curve(.trainLoss) { $0.trainLoss }, curve(.normA) { $0.aNorm }, curve(.normB) { $0.bNorm },
                       curve(.updateRatioA) { $0.aUpdateRatio }, curve(.updateRatioB) { $0.bUpdateRatio }]
        }
        return series
    }

    /// The training-step benchmark (Table 4): per preset and optimizer, the recorded median step time
    /// (the per-round rows are claim C7's input, `trainingStepRounds`).
    public func trainingStepSpeeds() throws -> [TrainingStepSpeed] {
        try store.timings(of: "train-step").compactMap { timing in
            guard let preset = timing.preset, timing.round == nil else { return nil }
            return TrainingStepSpeed(preset: preset, optimizer: timing.optimizer, rank: timing.r, batch: timing.batch,
                                     seconds: timing.medianSeconds, rounds: timing.samples, blas: timing.blas, build: timing.build,
                                     workload: timing.workload)
        }
    }

    /// The optimizer-step timings (Table 7).
    public func stepCosts() throws -> [StepCostMeasurement] {
        try store.timings(of: "optimizer-step").map {
            StepCostMeasurement(optimizer: $0.optimizer, m: $0.m, n: $0.n, r: $0.r, seconds: $0.medianSeconds)
        }
    }
}
