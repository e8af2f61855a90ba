import RiteCore
import Store
import Training

/// The runs a selection compares: one task, one optimizer entry of the spec, one rank.
public struct SelectionGroup: Sendable, Hashable, Comparable {
    public var task: String
    /// Position of the optimizer in the spec's `optimizers` list.
    public var optimizerIndex: Int
    public var rank: Int

    public static func < (lhs: SelectionGroup, rhs: SelectionGroup) -> Bool {
        (lhs.task, lhs.optimizerIndex, lhs.rank) < (rhs.task, rhs.optimizerIndex, rhs.rank)
    }
}

/// One point of an experiment's grid with its key.
public struct GridRun: Sendable, Equatable {
    public var run: ResolvedRun
    public var key: String
    public var configJSON: String
    /// Position in the experiment's grid; workers take pending runs in this order.
    public var ordinal: Int
    /// 1, or 2 for the remaining seeds of a first-seed search.
    public var phase: Int
    public var group: SelectionGroup

    /// The run as the store records it.
    public var planned: PlannedRun {
        PlannedRun(run: NewRun(key: key, configJSON: configJSON, preset: run.preset, task: run.task,
                               optimizer: run.optimizer.name, rank: run.rank, learningRate: run.learningRate,
                               seed: run.seed, steps: run.training.steps),
                   ordinal: ordinal, phase: phase)
    }
}

/// The grid of an experiment: every combination of seed, task, optimizer, rank and learning rate
/// (in that nesting order, so the first seed's runs come first).
///
/// With `search: first-seed` and more than one seed, phase 1 is the first seed at every learning
/// rate, and phase 2 the remaining seeds at the rate each selection group chose in phase 1.
public struct SweepGrid: Sendable {
    public let spec: ExperimentSpec
    public let context: RunKeyContext

    public init(spec: ExperimentSpec, context: RunKeyContext) {
        self.spec = spec
        self.context = context
    }

    public var hasSecondPhase: Bool { spec.selection.search == .firstSeed && spec.seeds.count > 1 }

    /// Phase 1: the whole grid, or only its first seed when the search is first-seed.
    public func phaseOne() throws -> [GridRun] {
        let seeds = hasSecondPhase ? [spec.seeds[0]] : spec.seeds
        return try expand(seeds: seeds, phase: 1, firstOrdinal: 0) { _ in spec.learningRates }
    }

    /// Phase 2: the remaining seeds of every group that has a chosen rate, at that rate.
    public func phaseTwo(chosenRates: [SelectionGroup: Double]) throws -> [GridRun] {
        guard hasSecondPhase else { return [] }
        let firstOrdinal = spec.tasks.count * spec.optimizers.count * spec.ranks.count * spec.learningRates.count
        return try expand(seeds: Array(spec.seeds.dropFirst()), phase: 2, firstOrdinal: firstOrdinal) { group in
            chosenRates[group].map { [$0] } ?? []
        }
    }

    private func expand(seeds: [Int], phase: Int, firstOrdinal: Int,
                        rates: (SelectionGroup) -> [Double]) throws -> [GridRun] {
        let checkpoint = try context.baseCheckpointSHA256(spec.preset)
        var taskFacts: [String: (version: String, scoring: String)] = [:]
        for task in spec.tasks { taskFacts[task] = (try context.taskVersion(task), try context.scoring(task)) }
        var runs: [GridRun] = []
        for seed in seeds {
            for task in spec.tasks {
                for (optimizerIndex, optimizer) in spec.optimizers.enumerated() {
                    for rank in spec.ranks {
                        let group = SelectionGroup(task: task, optimizerIndex: optimizerIndex, rank: rank)
                        let training = context.resolvedTraining(spec.training, optimizer: optimizer.name)
                        for rate in rates(group) {
                            let run = ResolvedRun(
                                preset: spec.preset, task: task, optimizer: optimizer, rank: rank, learningRate: rate,
                                seed: seed, training: training, taskVersion: taskFacts[task]!.version,
                                scoring: taskFacts[task]!.scoring, baseCheckpointSHA256: checkpoint,
                                numericsVersion: context.numericsVersion)
                            let json = run.canonicalJSON
                            runs.append(GridRun(run: run, key: SHA256.hex(json), configJSON: json,
                                                ordinal: firstOrdinal + runs.count, phase: phase, group: group))
                        }
                    }
                }
            }
        }
        return runs
    }
}
