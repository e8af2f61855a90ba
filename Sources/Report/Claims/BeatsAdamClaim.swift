// C3: "LoRA-RITE achieves the best performance on all the datasets" against Adam (Tables 1 and 2):
// the paired difference LoRA-RITE - Adam per task, and on average over each preset's tasks.

enum BeatsAdamClaim {
    static let paper = "\"Compared to Adam, our method can achieve 2.3% to 4.9% accuracy improvements on the classification "
        + "tasks and also shows significant improvements in the global training setting\" (Section 5, Table 1); \"LoRA-RITE "
        + "achieves the best performance on all the datasets\" (Table 2); abstract: \"4.6% accuracy gain on Super-Natural "
        + "Instructions and 3.5% accuracy gain across other four LLM benchmarks\" over Adam on Gemma-2B."

    static func build(_ inputs: ClaimInputs, options: ClaimOptions) throws -> ClaimReport {
        let (rite, adam) = (ReportCatalog.proposedOptimizer, ReportCatalog.baselineOptimizer)
        let tasks = ReportCatalog.sniTasks + ReportCatalog.benchmarkTasks
        let contexts = ComparisonScope.contexts(inputs.results, tasks: tasks, ranks: [options.report.rank], options: options.report)
        let scope = try ComparisonScope.build(results: inputs.results, contexts: contexts, optimizers: [rite, adam],
                                              minimumSeeds: options.minimumSeeds, options: options.report,
                                              value: ComparisonScope.reportedScore)
        var method = [
            "Effect: LoRA-RITE − Adam in points (percent) of each task's selection metric on the reported split "
                + "(sni-global: exact match).",
            "Per task: the mean over seeds of the paired differences. Average: per preset, the mean over its tasks of the "
                + "per-task means (every task weighs the same, as in the tables' Avg.); IQM: the interquartile mean of the "
                + "preset's paired differences pooled over tasks; P(RITE > Adam): per task the share of (LoRA-RITE run, Adam run) "
                + "pairs in which LoRA-RITE scores higher (ties count 1/2), averaged over tasks (null 0.5).",
            ClaimText.pairing, ClaimText.bootstrap(options.bootstrap), ClaimText.verdictRule,
        ]
        let basis = ClaimText.runBasis(scope.used)
        let title = "LoRA-RITE beats Adam on every task (Tables 1, 2)"
        guard scope.isComplete else {
            return ClaimReport(id: "C3", title: title, paper: paper, ours: "Not computed: some runs are missing or unfinished.",
                               verdict: scope.lacking(minimum: options.minimumSeeds), effect: "", shortfalls: scope.shortfalls,
                               method: method, basis: basis)
        }
        method.append(ClaimText.zeroScoring(scope.strata.map(\.zeroScored).reduce(0, +)))
        var rows: [[String]] = []
        var verdicts: [ClaimVerdict] = []
        var above = 0, below = 0
        for stratum in scope.strata {
            let interval = try PairedEffects.stratumMean(stratum, rite, adam, settings: options.bootstrap)
            let verdict = ClaimVerdict.judge(interval, null: 0, paperSide: .above)
            let improvement = try PairedEffects.probabilityOfImprovement([stratum], rite, adam, settings: options.bootstrap)
            verdicts.append(verdict)
            if verdict == .holds { above += 1 }
            if verdict == .doesNotHold { below += 1 }
            rows.append([stratum.context.preset, "\(stratum.context.task) (\(ReportCatalog.metricShortName(stratum.scoring.selectionMetric)))",
                         String(stratum.seeds.count), NumberFormat.fixed(PairedEffects.mean(stratum, rite, Array(stratum.seeds.indices)), decimals: 2),
                         NumberFormat.fixed(PairedEffects.mean(stratum, adam, Array(stratum.seeds.indices)), decimals: 2),
                         ClaimText.signedInterval(interval, decimals: 2), improvement.text(decimals: 2), verdict.text])
        }
        var effects: [String] = []
        var sentences: [String] = []
        let presets = scope.strata.map(\.context.preset).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        for preset in presets {
            let strata = scope.strata.filter { $0.context.preset == preset }
            let average = try PairedEffects.averageOfMeans(strata, rite, adam, settings: options.bootstrap)
            let iqm = try PairedEffects.pooledInterquartileMean(strata, rite, adam, settings: options.bootstrap)
            let improvement = try PairedEffects.probabilityOfImprovement(strata, rite, adam, settings: options.bootstrap)
            let verdict = ClaimVerdict.judge(average, null: 0, paperSide: .above)
            verdicts.append(verdict)
            let seeds = strata.map(\.seeds.count).reduce(0, +)
            rows.append([preset, "average of \(ClaimText.plural(strata.count, "task"))", String(seeds), "", "",
                         ClaimText.signedInterval(average, decimals: 2), improvement.text(decimals: 2), verdict.text])
            rows.append([preset, "IQM of the pooled differences", String(seeds), "", "", ClaimText.signedInterval(iqm, decimals: 2), "", ""])
            effects.append("\(preset): \(ClaimText.signedInterval(average, decimals: 2)) points on average")
            sentences.append("On \(preset), LoRA-RITE − Adam is \(ClaimText.signedInterval(average, decimals: 2)) points on average "
                + "over \(ClaimText.plural(strata.count, "task")) (IQM \(ClaimText.signedInterval(iqm, decimals: 2))), and "
                + "P(LoRA-RITE > Adam) = \(improvement.text(decimals: 2)).")
        }
        sentences.append("The interval lies above 0 on \(above) of \(scope.strata.count) tasks and below 0 on \(below).")
        return ClaimReport(id: "C3", title: title, paper: paper, ours: sentences.joined(separator: " "),
                           verdict: ClaimVerdict.every(verdicts), effect: effects.joined(separator: "; "),
                           detailHeaders: ["Preset", "Task (metric)", "Seeds", "LoRA-RITE", "Adam", "RITE − Adam (95% interval)",
                                           "P(RITE > Adam)", "Verdict"],
                           detailRows: rows, method: method, basis: basis)
    }
}
