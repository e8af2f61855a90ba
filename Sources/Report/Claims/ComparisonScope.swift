// The runs a comparison between optimizers rests on, stratum by stratum. A stratum is a preset, task
// and rank; in it each optimizer is taken at the learning rate the tables report (`LearningRateSelector`,
// the one rule), and its runs at that rate are lined up by seed. Runs of two optimizers with the same
// task, preset, rank and seed share their data order and their initial A, so the values pair by seed.
//
// A stratum is usable only when every run of every optimizer in it has an outcome (a pending or
// failed run can still move the selected rate) and the optimizers share at least the minimum number
// of seeds; otherwise it becomes a shortfall, and the claim prints "not enough runs yet".
import Store

/// A preset, task and rank.
struct ClaimContext: Hashable, Comparable, CustomStringConvertible {
    let preset: String
    let task: String
    let rank: Int

    static func < (lhs: ClaimContext, rhs: ClaimContext) -> Bool {
        (lhs.preset, lhs.rank, lhs.task) < (rhs.preset, rhs.rank, rhs.task)
    }

    var description: String { "\(task) (\(preset), r=\(rank))" }
}

/// One usable stratum: the shared seeds and every optimizer's values on them, in seed order.
struct AlignedStratum {
    let context: ClaimContext
    let scoring: TaskScoring
    let seeds: [Int]
    let values: [String: [Double]]
    let selectedRates: [String: Double]
    /// Optimizers whose selected rate is the smallest or largest of their grid.
    let atGridEdge: Set<String>
    /// Seeds of the selected runs that gave no value (C2: runs that diverged) and were left out.
    let dropped: Int
    /// Seeds that count 0 because their run diverged or did not learn (the selection rule's convention).
    let zeroScored: Int

    func values(_ optimizer: String) -> [Double] { values[optimizer]! }
}

/// The usable strata of a comparison, what keeps the others out, and every run in scope.
struct ComparisonScope {
    var strata: [AlignedStratum] = []
    var shortfalls: [String] = []
    /// Every run of the compared optimizers in the contexts (all rates: the selection depends on them).
    var used: [RunResult] = []
    /// The fewest shared seeds of a context whose runs all have outcomes (0 when there is none).
    var fewestSeeds = 0
    var contexts = 0
    /// Contexts where some optimizer has no runs, or runs without an outcome.
    var unfinished = 0

    var isComplete: Bool { shortfalls.isEmpty && !strata.isEmpty }

    /// The verdict stand-in while the scope is incomplete: n and the minimum.
    func lacking(minimum: Int, unit: String = "seeds") -> ClaimVerdict {
        .notEnoughRuns(detail: "n = \(ClaimText.plural(fewestSeeds, "shared \(unit.dropLast())", "shared \(unit)")) in the thinnest of \(ClaimText.plural(contexts, "stratum", "strata"))"
            + (unfinished > 0 ? " with finished runs, \(unfinished) unfinished" : "") + "; \(minimum) needed")
    }

    /// The contexts of `results` among `tasks` and `ranks` (every preset with a run there, in the
    /// report's preset order): a context exists as soon as a sweep has planned a run in it.
    static func contexts(_ results: [RunResult], tasks: [String], ranks: [Int], options: ReportOptions) -> [ClaimContext] {
        let present = Set(results.filter { tasks.contains($0.task) && ranks.contains($0.rank) }
            .map { ClaimContext(preset: $0.preset, task: $0.task, rank: $0.rank) })
        let presets = options.displayPresets(results)
        return present.sorted { lhs, rhs in
            let (l, r) = (presets.firstIndex(of: lhs.preset) ?? presets.count, presets.firstIndex(of: rhs.preset) ?? presets.count)
            if l != r { return l < r }
            if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
            return (tasks.firstIndex(of: lhs.task) ?? tasks.count) < (tasks.firstIndex(of: rhs.task) ?? tasks.count)
        }
    }

    /// Lines up `optimizers` in every context. `value` gives a run's value at the selected rate, or nil
    /// when the run has none (it is then dropped from the pairing and counted).
    static func build(results: [RunResult], contexts: [ClaimContext], optimizers: [String], minimumSeeds: Int,
                      options: ReportOptions, value: (RunResult, TaskScoring) throws -> Double?) throws -> ComparisonScope {
        var scope = ComparisonScope()
        scope.contexts = contexts.count
        var fewest: Int?
        let inScope = results.filter { run in
            optimizers.contains(run.optimizer) && contexts.contains(ClaimContext(preset: run.preset, task: run.task, rank: run.rank))
        }
        scope.used = inScope
        let groups = try LearningRateSelector.group(inScope)
        for context in contexts {
            let scoring = try options.scoring(for: context.task)
            var bySeed: [String: [Int: Double]] = [:]
            var rates: [String: Double] = [:], edges = Set<String>()
            var problems: [String] = []
            var dropped = 0, zeroScored = 0
            for optimizer in optimizers {
                let name = ReportCatalog.displayName(optimizer: optimizer)
                let key = RunGroupKey(preset: context.preset, task: context.task, rank: context.rank, optimizer: optimizer)
                guard let runs = groups[key], !runs.isEmpty else { problems.append("\(name): no runs"); continue }
                let open = [RunStatus.failed, .pending, .running].compactMap { status -> String? in
                    let count = runs.filter { $0.status == status }.count
                    return count > 0 ? "\(count) \(status.rawValue)" : nil
                }
                if !open.isEmpty { problems.append("\(name): runs without an outcome (\(open.joined(separator: ", ")))"); continue }
                let selection = try LearningRateSelector.select(key: key, runs: runs, scoring: scoring)
                guard let selected = selection.selected else { problems.append("\(name): no run with an outcome"); continue }
                rates[optimizer] = selected.learningRate
                if selection.isAtGridEdge { edges.insert(optimizer) }
                var values: [Int: Double] = [:]
                for run in selected.runs {
                    if let v = try value(run, scoring) {
                        values[run.seed] = v
                        if run.status != .done { zeroScored += 1 }
                    } else {
                        dropped += 1
                    }
                }
                bySeed[optimizer] = values
            }
            if !problems.isEmpty {
                scope.unfinished += 1
                scope.shortfalls.append("\(context): " + problems.joined(separator: "; "))
                continue
            }
            let shared = optimizers.map { Set(bySeed[$0]!.keys) }.reduce(Set(bySeed[optimizers[0]]!.keys)) { $0.intersection($1) }.sorted()
            fewest = min(fewest ?? shared.count, shared.count)
            if shared.count < minimumSeeds {
                scope.shortfalls.append("\(context): \(ClaimText.plural(shared.count, "shared seed")) at the selected rates (\(minimumSeeds) needed)")
                continue
            }
            var values: [String: [Double]] = [:]
            for optimizer in optimizers { values[optimizer] = shared.map { bySeed[optimizer]![$0]! } }
            scope.strata.append(AlignedStratum(context: context, scoring: scoring, seeds: shared, values: values, selectedRates: rates,
                                               atGridEdge: edges, dropped: dropped, zeroScored: zeroScored))
        }
        scope.fewestSeeds = fewest ?? 0
        return scope
    }

    /// A run's score on the reported split in percent; a run that diverged or did not learn counts 0, as
    /// in the learning-rate rule, so that no seed drops out of the pairing.
    static func reportedScore(_ run: RunResult, _ scoring: TaskScoring) throws -> Double? {
        switch run.status {
        case .done:
            guard let score = run.scores(scoring.reportSplit)[scoring.selectionMetric], score.isFinite else {
                throw ReportError.missingScore(runKey: run.runKey, split: scoring.reportSplit, metric: scoring.selectionMetric)
            }
            return score * 100
        case .diverged, .didNotLearn:
            return 0
        case .failed, .pending, .running:
            return nil
        }
    }
}
