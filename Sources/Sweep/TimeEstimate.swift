import Store

/// What a run's speed depends on most.
public struct RunShape: Sendable, Equatable {
    public var preset: String
    public var optimizer: String
    public var rank: Int

    public init(preset: String, optimizer: String, rank: Int) {
        self.preset = preset
        self.optimizer = optimizer
        self.rank = rank
    }

    public init(_ run: StoredRun) { self.init(preset: run.preset, optimizer: run.optimizer, rank: run.rank) }
    public init(_ run: GridRun) { self.init(preset: run.run.preset, optimizer: run.run.optimizer.name, rank: run.run.rank) }
}

/// Estimates the time left from the speed (steps per wall second) of runs already done: for each
/// run left, the median speed of done runs with the same preset, optimizer and rank, else the same
/// preset and optimizer, else the same preset. Runs are assumed to share `jobs` workers evenly.
public struct TimeEstimate: Sendable {
    let measured: [StoredRun]

    public init(measured: [StoredRun]) { self.measured = measured.filter { ($0.stepsPerSecond ?? 0) > 0 } }

    public var hasMeasurements: Bool { !measured.isEmpty }

    /// Seconds left for runs with `stepsLeft` steps each, or `nil` if some run has no comparable
    /// measurement.
    public func secondsLeft(for runs: [(shape: RunShape, stepsLeft: Int)], jobs: Int) -> Double? {
        guard !runs.isEmpty else { return 0 }
        var total = 0.0
        for (run, stepsLeft) in runs {
            guard let speed = speed(like: run) else { return nil }
            total += Double(stepsLeft) / speed
        }
        return total / Double(max(1, min(jobs, runs.count)))
    }

    func speed(like run: RunShape) -> Double? {
        let tiers: [(StoredRun) -> Bool] = [
            { $0.preset == run.preset && $0.optimizer == run.optimizer && $0.rank == run.rank },
            { $0.preset == run.preset && $0.optimizer == run.optimizer },
            { $0.preset == run.preset },
        ]
        for tier in tiers {
            let speeds = measured.filter(tier).compactMap(\.stepsPerSecond).sorted()
            if !speeds.isEmpty {
                let middle = speeds.count / 2
                return speeds.count % 2 == 1 ? speeds[middle] : (speeds[middle - 1] + speeds[middle]) / 2
            }
        }
        return nil
    }
}
