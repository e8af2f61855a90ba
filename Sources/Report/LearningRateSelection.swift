// Learning-rate selection: per (preset, task, rank, optimizer), the rate with the best mean dev score.
//
// Rule, stated once and used by every table and figure:
// - a rate is a candidate when at least one of its runs finished (done or diverged);
// - rates are compared on the same seeds: the seeds that finished at every candidate rate (with a
//   first-seed search, the first seed; with a full search, every seed). Only if no seed finished at
//   every candidate does each rate use all its finished seeds;
// - its selection score is the mean over those seeds of the selection metric on the selection
//   split, where a diverged run counts as the worst score any metric can give (0, or 1 when lower wins);
// - the highest score wins (the lowest with goal min); exactly equal scores go to the smaller learning rate (the conservative
//   choice, and independent of input order);
// - unfinished runs (pending, running, failed) do not take part; the tuning-budget check reports them.

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

    /// Selects the learning rate of one group (`runs` all share `key`).
    public static func select(key: RunGroupKey, runs: [RunResult], scoring: TaskScoring) throws -> LearningRateSelection {
        var rates: [Double] = []
        for run in runs where !rates.contains(run.learningRate) { rates.append(run.learningRate) }
        rates.sort()
        func finished(_ run: RunResult) -> Bool { run.status == .done || run.status == .diverged }
        // The seeds every rate with a finished run has finished: the fair basis of comparison.
        let finishedSeeds = rates.map { rate in Set(runs.filter { $0.learningRate == rate && finished($0) }.map(\.seed)) }
            .filter { !$0.isEmpty }
        let commonSeeds = finishedSeeds.dropFirst().reduce(finishedSeeds.first ?? []) { $0.intersection($1) }
        var candidates: [LearningRateCandidate] = []
        for rate in rates {
            let atRate = runs.filter { $0.learningRate == rate }.sorted { ($0.seed, $0.runKey) < ($1.seed, $1.runKey) }
            var scores: [Double] = []
            for run in atRate where commonSeeds.isEmpty || commonSeeds.contains(run.seed) {
                switch run.status {
                case .done:
                    guard let score = run.scores(scoring.selectionSplit)[scoring.selectionMetric], score.isFinite else {
                        throw ReportError.missingScore(runKey: run.runKey, split: scoring.selectionSplit,
                                                       metric: scoring.selectionMetric)
                    }
                    scores.append(score)
                case .diverged:
                    scores.append(scoring.goal == .max ? 0 : 1)
                case .failed, .pending, .running:
                    continue
                }
            }
            let mean = scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count)
            candidates.append(LearningRateCandidate(learningRate: rate, runs: atRate, selectionScore: mean))
        }
        var best: (candidate: LearningRateCandidate, score: Double)?
        for candidate in candidates {
            guard let score = candidate.selectionScore else { continue }
            // Ascending rates, strict comparison: a tie keeps the smaller rate.
            if let current = best, scoring.goal == .max ? score <= current.score : score >= current.score { continue }
            best = (candidate, score)
        }
        return LearningRateSelection(key: key, scoring: scoring, candidates: candidates, selected: best?.candidate)
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
