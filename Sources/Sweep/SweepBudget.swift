import Store

/// What an experiment still costs: the runs not finished, and their core-seconds estimated from
/// the done runs (`TimeEstimate`, one job). A first-seed search whose second phase is not planned
/// yet counts it in full: one run per group and remaining seed, shaped like its group (the rate
/// it will run at does not change the estimate, which is per preset, task, optimizer and rank).
public struct SweepBudget: Sendable, Equatable {
    public var runsLeft: Int
    /// `nil` when some run left has no comparable measurement.
    public var coreSeconds: Double?

    public static func estimate(grid: SweepGrid, store: ResultStore?) throws -> SweepBudget {
        var runs: [GridRun]
        var phaseTwoPlanned = false
        if let store {
            let plan = try SweepPlanner(store: store, grid: grid).plan()
            runs = plan.runs
            phaseTwoPlanned = plan.phaseTwoIncluded
        } else {
            runs = try grid.phaseOne()
        }
        if grid.hasSecondPhase && !phaseTwoPlanned {
            let groups = Set(runs.map(\.group))
            let anyRate = grid.spec.learningRates[0]
            runs += try grid.phaseTwo(chosenRates: Dictionary(uniqueKeysWithValues: groups.map { ($0, anyRate) }))
        }
        let stored = try store?.runs(keys: runs.map(\.key)) ?? [:]
        let left = runs.filter { !(stored[$0.key]?.status.isFinished ?? false) }
        let estimate = TimeEstimate(measured: try store?.timedRuns() ?? [])
        let seconds = estimate.secondsLeft(for: left.map { (shape: RunShape($0), stepsLeft: $0.run.training.steps) }, jobs: 1)
        return SweepBudget(runsLeft: left.count, coreSeconds: seconds)
    }
}
