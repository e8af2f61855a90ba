import RiteCore
import Store

/// Which runs an experiment needs now, given what the store holds: the whole grid, or for a
/// first-seed search, phase 1 and, once every phase-1 run is finished, phase 2 at the chosen rates.
struct SweepPlanner {
    let store: ResultStore
    let grid: SweepGrid

    struct Plan {
        var runs: [GridRun]
        var phaseTwoIncluded: Bool
        /// Selection groups without a chosen rate, as text.
        var unresolved: [String]
    }

    func plan() throws -> Plan {
        let phaseOne = try grid.phaseOne()
        guard grid.hasSecondPhase else { return Plan(runs: phaseOne, phaseTwoIncluded: false, unresolved: []) }
        let stored = try store.runs(keys: phaseOne.map(\.key))
        guard phaseOne.allSatisfy({ stored[$0.key]?.status.isFinished == true }) else {
            return Plan(runs: phaseOne, phaseTwoIncluded: false, unresolved: [])
        }
        var scores: [String: [FinalScore]] = [:]
        for run in phaseOne where stored[run.key]?.status.hasScores == true { scores[run.key] = try store.finalScores(runKey: run.key) }
        let selection = try LearningRateSelection.choose(rule: grid.spec.selection, runs: phaseOne, stored: stored, scores: scores)
        let unresolved = selection.unresolved.keys.sorted().map { group in
            "\(group.task) \(grid.spec.optimizers[group.optimizerIndex].name) r\(group.rank): \(selection.unresolved[group]!)"
        }
        return Plan(runs: phaseOne + (try grid.phaseTwo(chosenRates: selection.chosen)), phaseTwoIncluded: true,
                    unresolved: unresolved)
    }

    /// Every phase-1 run of the whole grid (all shards) is finished in this store.
    func phaseOneFinished() throws -> Bool {
        let phaseOne = try grid.phaseOne()
        let stored = try store.runs(keys: phaseOne.map(\.key))
        return phaseOne.allSatisfy { stored[$0.key]?.status.isFinished == true }
    }
}
