// Learning-rate selection for tables and figures: per (preset, task, rank, optimizer), the rate that
// `LearningRateRule` (Store) chooses, the one rule the sweep's second phase uses as well: rates
// compared on shared seeds, diverged and did-not-learn runs scoring 0, ties to the smaller rate;
// failed, pending and running runs take no part (the tuning-budget check reports them).
import Store

/// The runs that share everything but learning rate and seed.
public struct RunGroupKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var preset: String
    public var task: String
    public var rank: Int
    public var optimizer: String

    public init(preset: String, task: String, rank: Int, optimizer: String) {
        self.preset = preset
        self.task = task
        self.rank = rank
        self.optimizer = optimizer
    }

    init(_ run: RunResult) {
        self.init(preset: run.preset, task: run.task, rank: run.rank, optimizer: run.optimizer)
    }

    public static func < (lhs: RunGroupKey, rhs: RunGroupKey) -> Bool {
        (lhs.preset, lhs.task, lhs.rank, ReportCatalog.optimizerOrder(lhs.optimizer), lhs.optimizer)
            < (rhs.preset, rhs.task, rhs.rank, ReportCatalog.optimizerOrder(rhs.optimizer), rhs.optimizer)
    }

    public var description: String { "\(task), \(preset), r=\(rank), \(optimizer)" }
}

/// One learning rate of a group and how it scored.
public struct LearningRateCandidate: Sendable, Equatable {
    public let learningRate: Double
    /// All runs at this rate, by seed.
    public let runs: [RunResult]
    /// Mean selection score over the compared seeds' finished runs (diverged = 0); nil when no run finished.
    public let selectionScore: Double?
}

/// The outcome of selection for one group.
public struct LearningRateSelection: Sendable, Equatable {
    public let key: RunGroupKey
    public let scoring: TaskScoring
    /// Every rate of the group, ascending.
    public let candidates: [LearningRateCandidate]
    /// The chosen rate, nil when no run of the group finished.
    public let selected: LearningRateCandidate?

    /// The chosen rate is the smallest or largest of the grid (the search may have been too narrow).
    public var isAtGridEdge: Bool {
        guard let selected, candidates.count > 1 else { return false }
        return selected.learningRate == candidates.first?.learningRate
            || selected.learningRate == candidates.last?.learningRate
    }
}

/// Groups runs and selects learning rates.
public enum LearningRateSelector {
    /// Runs grouped by preset, task, rank and optimizer, each sorted by (learning rate, seed).
    /// Two runs with the same configuration and seed are an error.
    public static func group(_ runs: [RunResult]) throws -> [RunGroupKey: [RunResult]] {
        var groups: [RunGroupKey: [RunResult]] = [:]
        for run in runs { groups[RunGroupKey(run), default: []].append(run) }
        for (key, members) in groups.sorted(by: { $0.key < $1.key }) {
            let sorted = members.sorted { ($0.learningRate, $0.seed, $0.runKey) < ($1.learningRate, $1.seed, $1.runKey) }
            for (previous, next) in zip(sorted, sorted.dropFirst())
            where previous.learningRate == next.learningRate && previous.seed == next.seed {
                throw ReportError.duplicateRun(
                    firstKey: previous.runKey, secondKey: next.runKey,
                    configuration: "\(key), lr \(NumberFormat.scientific(next.learningRate)), seed \(next.seed)"
                )
            }
            groups[key] = sorted
        }
        return groups
    }

    /// Selects the learning rate of one group (`runs` all share `key`) by `LearningRateRule`, the
    /// rule the sweep's second phase uses too, on the scoring's split, metric and goal.
    public static func select(key: RunGroupKey, runs: [RunResult], scoring: TaskScoring) throws -> LearningRateSelection {
        var trials: [LearningRateRule.Trial] = []
        for run in runs {
            trials.append(LearningRateRule.Trial(runKey: run.runKey, learningRate: run.learningRate, seed: run.seed, status: run.status,
                                                 score: run.scores(scoring.selectionSplit)[scoring.selectionMetric]))
        }
        let choice: LearningRateRule.Choice
        do {
            choice = try LearningRateRule.choose(trials, goal: scoring.goal)
        } catch let missing as LearningRateRule.MissingScore {
            throw ReportError.missingScore(runKey: missing.runKey, split: scoring.selectionSplit, metric: scoring.selectionMetric)
        }
        let candidates = choice.candidates.map { candidate in
            LearningRateCandidate(learningRate: candidate.learningRate,
                                  runs: runs.filter { $0.learningRate == candidate.learningRate }.sorted { ($0.seed, $0.runKey) < ($1.seed, $1.runKey) },
                                  selectionScore: candidate.score)
        }
        return LearningRateSelection(key: key, scoring: scoring, candidates: candidates,
                                     selected: candidates.first { $0.learningRate == choice.selected })
    }

    /// Selection for every group of `runs`, with each task's scoring from `scoring`.
    public static func selectAll(_ runs: [RunResult], scoring: [TaskScoring]) throws -> [RunGroupKey: LearningRateSelection] {
        var result: [RunGroupKey: LearningRateSelection] = [:]
        for (key, members) in try group(runs).sorted(by: { $0.key < $1.key }) {
            guard let taskScoring = scoring.first(where: { $0.task == key.task }) else {
                throw ReportError.unknownTask(key.task)
            }
            result[key] = try select(key: key, runs: members, scoring: taskScoring)
        }
        return result
    }
}
