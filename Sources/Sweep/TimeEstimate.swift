import Store

/// What a run's duration depends on most.
public struct RunShape: Sendable, Equatable {
    public var preset: String
    public var task: String
    public var optimizer: String
    public var rank: Int

    public init(preset: String, task: String, optimizer: String, rank: Int) {
        self.preset = preset
        self.task = task
        self.optimizer = optimizer
        self.rank = rank
    }

    public init(_ run: StoredRun) { self.init(preset: run.preset, task: run.task, optimizer: run.optimizer, rank: run.rank) }
    public init(_ run: GridRun) {
        self.init(preset: run.run.preset, task: run.run.task, optimizer: run.run.optimizer.name, rank: run.run.rank)
    }
}

/// Estimates the time left from the wall time per step of runs already done: for each run left,
/// the median over the done runs most like it, looked for in this order: same preset, task,
/// optimizer and rank; same preset, task and optimizer; same preset and task; then the same three
/// tiers without the task. Runs are assumed to share `jobs` workers evenly.
///
/// Wall time, not training speed, because evaluation is part of a run's cost and differs by task:
/// greedy decoding of an instruction task's dev and test splits every 100 steps made a small-preset
/// sni-cause-effect run take about 550 s where a benchmark-style run of the same preset took 130 s.
/// The task comes before the optimizer for the same reason.
public struct TimeEstimate: Sendable {
    let measured: [StoredRun]

    public init(measured: [StoredRun]) {
        self.measured = measured.filter { ($0.wallSeconds ?? 0) > 0 && $0.lastStep > 0 }
    }

    public var hasMeasurements: Bool { !measured.isEmpty }

    /// Seconds left for runs with `stepsLeft` steps each, or `nil` if some run has no comparable
    /// measurement.
    public func secondsLeft(for runs: [(shape: RunShape, stepsLeft: Int)], jobs: Int) -> Double? {
        guard !runs.isEmpty else { return 0 }
        var total = 0.0
        for (run, stepsLeft) in runs {
            guard let seconds = secondsPerStep(like: run) else { return nil }
            total += Double(stepsLeft) * seconds
        }
        return total / Double(max(1, min(jobs, runs.count)))
    }

    /// The median wall seconds per step of the done runs most like `run`.
    func secondsPerStep(like run: RunShape) -> Double? {
        let tiers: [(StoredRun) -> Bool] = [
            { $0.preset == run.preset && $0.task == run.task && $0.optimizer == run.optimizer && $0.rank == run.rank },
            { $0.preset == run.preset && $0.task == run.task && $0.optimizer == run.optimizer },
            { $0.preset == run.preset && $0.task == run.task },
            { $0.preset == run.preset && $0.optimizer == run.optimizer && $0.rank == run.rank },
            { $0.preset == run.preset && $0.optimizer == run.optimizer },
            { $0.preset == run.preset },
        ]
        for tier in tiers {
            let values = measured.filter(tier).compactMap { run in run.wallSeconds.map { $0 / Double(run.lastStep) } }.sorted()
            if !values.isEmpty {
                let middle = values.count / 2
                return values.count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
            }
        }
        return nil
    }
}
