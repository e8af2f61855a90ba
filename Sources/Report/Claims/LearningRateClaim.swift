// C6: "LoRA-RITE and Lamb usually prefer a larger learning rate than the other baselines" (Table 9),
// tested against Adam. The learning rate a table reports is one number per task (chosen on the first
// seed in a first-seed search), so the unit of variation here is the task, not the seed: the interval
// is a bootstrap over tasks within each preset, and says how much the preference varies across tasks,
// not how stable each selection is.
import Foundation

enum LearningRateClaim {
    static let paper = "\"We observe that LoRA-RITE and Lamb usually prefer a larger learning rate than the other baselines\" "
        + "(Appendix A.9, Table 9: Gemma-2B, Adam 1e-5 to 5e-5, Lamb 5e-3)."

    static func build(_ inputs: ClaimInputs, options: ClaimOptions) throws -> ClaimReport {
        let optimizers = [ReportCatalog.baselineOptimizer, ReportCatalog.proposedOptimizer, "lamb"]
        let contexts = ComparisonScope.contexts(inputs.results, tasks: ReportCatalog.benchmarkTasks, ranks: [options.report.rank],
                                                options: options.report)
        // One seed suffices for a selection; the value is irrelevant, only the selected rates are read.
        let scope = try ComparisonScope.build(results: inputs.results, contexts: contexts, optimizers: optimizers, minimumSeeds: 1,
                                              options: options.report) { run, _ in run.status == .done || run.status == .diverged || run.status == .didNotLearn ? 0 : nil }
        let method = [
            "Statistic: per task, log10 of the ratio of the selected learning rates (LoRA-RITE / Adam, Lamb / Adam), each rate "
                + "chosen by the tables' rule; the effect is the mean over tasks, printed as the factor 10^mean. Null: a factor of 1, "
                + "paper's side above.",
            "95% intervals: percentile bootstrap over tasks within each preset (\(options.bootstrap.resamples) resamples, seed "
                + "\(options.bootstrap.seed)): the selection gives one rate per task, so the task is the unit; the interval shows how "
                + "the preference varies across tasks, not how stable one selection is. A rate at the edge of its grid (†) may "
                + "understate the preference (the best rate may lie beyond it).",
            ClaimText.verdictRule,
        ]
        let basis = ClaimText.runBasis(scope.used)
        let title = "LoRA-RITE and Lamb prefer larger learning rates than Adam (Table 9)"
        let perPreset = Dictionary(grouping: scope.strata, by: \.context.preset)
        let thinnest = perPreset.values.map(\.count).min() ?? 0
        guard scope.isComplete, thinnest >= options.minimumTasks else {
            var shortfalls = scope.shortfalls
            if scope.shortfalls.isEmpty { shortfalls.append("\(thinnest) tasks with selected rates in a preset (\(options.minimumTasks) needed)") }
            return ClaimReport(id: "C6", title: title, paper: paper, ours: "Not computed: some runs are missing or unfinished.",
                               verdict: .notEnoughRuns(detail: "n = \(scope.strata.count) tasks with final selections; "
                                   + "\(options.minimumTasks) per preset needed, every run finished"),
                               effect: "", shortfalls: shortfalls, method: method, basis: basis)
        }
        let presets = scope.strata.map(\.context.preset).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let strata = presets.map { preset in scope.strata.filter { $0.context.preset == preset } }
        var rows: [[String]] = []
        for stratum in scope.strata {
            rows.append([stratum.context.preset, stratum.context.task] + optimizers.map { optimizer in
                NumberFormat.scientific(stratum.selectedRates[optimizer]!) + (stratum.atGridEdge.contains(optimizer) ? " †" : "")
            })
        }
        var verdicts: [ClaimVerdict] = []
        var effects: [String] = []
        for optimizer in [ReportCatalog.proposedOptimizer, "lamb"] {
            let logRatio = try StratifiedBootstrap.interval(strata: strata.map(\.count), settings: options.bootstrap) { draws in
                SampleStatistics.mean(zip(strata, draws).flatMap { tasks, draw in
                    draw.map { log10(tasks[$0].selectedRates[optimizer]! / tasks[$0].selectedRates[ReportCatalog.baselineOptimizer]!) }
                })
            }
            let verdict = ClaimVerdict.judge(logRatio, null: 0, paperSide: .above)
            verdicts.append(verdict)
            let higher = scope.strata.filter { $0.selectedRates[optimizer]! > $0.selectedRates[ReportCatalog.baselineOptimizer]! }.count
            effects.append("\(ReportCatalog.displayName(optimizer: optimizer)) / Adam ×\(logRatio.mapped { pow(10, $0) }.text(decimals: 2)) "
                + "(higher on \(higher) of \(scope.strata.count) tasks; \(verdict.text))")
        }
        let edges = scope.strata.map { $0.atGridEdge.count }.reduce(0, +)
        let ours = "Selected learning rates relative to Adam's, geometric mean over tasks: " + effects.joined(separator: "; ")
            + ". \(ClaimText.plural(edges, "selected rate")) of \(scope.strata.count * optimizers.count) lie at the edge of the grid."
        return ClaimReport(id: "C6", title: title, paper: paper, ours: ours, verdict: ClaimVerdict.every(verdicts),
                           effect: effects.joined(separator: "; "),
                           detailHeaders: ["Preset", "Task"] + optimizers.map { ReportCatalog.displayName(optimizer: $0) },
                           detailRows: rows, method: method, basis: basis)
    }
}
