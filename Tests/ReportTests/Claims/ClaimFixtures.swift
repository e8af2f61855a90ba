@testable import Report

// Hand-built inputs for the claims whose answers are known.

enum ClaimFixtures {
    static let optimizers = ReportCatalog.paperOptimizers

    /// One done run per seed at rate `lr`, with the same dev and test score (a fraction).
    static func runs(_ optimizer: String, task: String, lr: Double = 1e-3, seeds: [Int], rank: Int = 16, preset: String = "tiny",
                     speed: Double? = nil, score: (Int) -> Double) -> [RunResult] {
        seeds.map { seed in
            run(optimizer, task: task, lr: lr, seed: seed, dev: score(seed), test: score(seed), preset: preset, rank: rank, speed: speed)
        }
    }

    /// Every optimizer on `tasks`, seeds 0...2, at one rate; `score(optimizer, task, seed)` as a fraction.
    static func grid(tasks: [String], optimizers: [String] = optimizers, seeds: [Int] = [0, 1, 2], rank: Int = 16,
                     score: (String, String, Int) -> Double) -> [RunResult] {
        tasks.flatMap { task in
            optimizers.flatMap { optimizer in runs(optimizer, task: task, seeds: seeds, rank: rank) { score(optimizer, task, $0) } }
        }
    }

    /// A curve of `metric` for a run over steps 1...steps.
    static func curve(_ runKey: String, _ metric: CurveMetric, steps: Int = 200, _ value: (Int) -> Double) -> StepSeries {
        StepSeries(runKey: runKey, metric: metric, points: (1 ... steps).map { CurvePoint(step: $0, value: value($0)) })
    }

    static func claim(_ id: String, _ inputs: ClaimInputs, options: ClaimOptions = ClaimOptions()) throws -> ClaimReport {
        try ClaimsBuilder.claims(inputs, options: options).first { $0.id == id }!
    }

    /// The detail row whose first two cells are `first` and `second`.
    static func row(_ claim: ClaimReport, _ first: String, _ second: String) -> [String]? {
        claim.detailRows.first { $0.count > 1 && $0[0] == first && $0[1] == second }
    }
}
