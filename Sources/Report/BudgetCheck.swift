// The tuning-budget check: a comparison between optimizers is fair only if each had the same grid
// points (learning rates) and seeds on every task. Anything else becomes a warning line in the table.
import Store

/// One (preset, task, rank) a table shows.
struct BudgetContext: Hashable, Comparable {
    let preset: String
    let task: String
    let rank: Int

    static func < (lhs: BudgetContext, rhs: BudgetContext) -> Bool {
        (lhs.preset, lhs.task, lhs.rank) < (rhs.preset, rhs.task, rhs.rank)
    }

    var label: String { "\(task) (\(preset), r=\(rank))" }
}

enum BudgetCheck {
    /// Warnings for the contexts a table shows, in a fixed order. `optimizers` are the optimizers the
    /// table compares (every optimizer with a run anywhere in the table's scope).
    static func warnings(groups: [RunGroupKey: [RunResult]], contexts: [BudgetContext], optimizers: [String]) -> [String] {
        var warnings: [String] = []
        for context in contexts.sorted() {
            let perOptimizer = optimizers.map { optimizer -> (String, [RunResult]) in
                let key = RunGroupKey(preset: context.preset, task: context.task, rank: context.rank, optimizer: optimizer)
                return (optimizer, groups[key] ?? [])
            }
            let present = perOptimizer.filter { !$0.1.isEmpty }
            if present.isEmpty {
                if !optimizers.isEmpty { warnings.append("\(context.label): no runs.") }
                continue
            }
            let missing = perOptimizer.filter { $0.1.isEmpty }.map { ReportCatalog.displayName(optimizer: $0.0) }
            if !missing.isEmpty {
                warnings.append("\(context.label): no runs for \(missing.joined(separator: ", ")).")
            }
            let grids = present.map { ($0.0, gridPoints($0.1)) }
            if Set(grids.map { $0.1 }).count > 1 {
                let described = grids.map { optimizer, _ in
                    describe(optimizer: optimizer, runs: present.first { $0.0 == optimizer }!.1)
                }
                warnings.append("\(context.label): tuning budgets differ: \(described.joined(separator: "; ")).")
            }
            var unfinished: [String] = []
            for (optimizer, runs) in present {
                let counts = [RunStatus.failed, .pending, .running].compactMap { status -> String? in
                    let count = runs.filter { $0.status == status }.count
                    return count > 0 ? "\(count) \(status.rawValue)" : nil
                }
                if !counts.isEmpty {
                    unfinished.append("\(ReportCatalog.displayName(optimizer: optimizer)) \(counts.joined(separator: ", "))")
                }
            }
            if !unfinished.isEmpty {
                warnings.append("\(context.label): runs without an outcome (\(unfinished.joined(separator: "; "))); "
                    + "learning rates were chosen and cells computed from the finished runs only.")
            }
        }
        return warnings
    }

    /// The (learning rate, seed) pairs of a group, as a comparable set.
    static func gridPoints(_ runs: [RunResult]) -> Set<GridPoint> {
        Set(runs.map { GridPoint(learningRate: $0.learningRate, seed: $0.seed) })
    }

    struct GridPoint: Hashable {
        let learningRate: Double
        let seed: Int
    }

    static func describe(optimizer: String, runs: [RunResult]) -> String {
        let rates = Array(Set(runs.map(\.learningRate))).sorted()
        let seeds = Array(Set(runs.map(\.seed))).sorted()
        func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        return "\(ReportCatalog.displayName(optimizer: optimizer)) \(plural(runs.count, "run")) over "
            + "\(plural(rates.count, "rate")) (\(rates.map { NumberFormat.scientific($0) }.joined(separator: ", "))) "
            + "and \(plural(seeds.count, "seed")) (\(seeds.map(String.init).joined(separator: ", ")))"
    }
}
