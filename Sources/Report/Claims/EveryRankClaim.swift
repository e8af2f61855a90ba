// C5: LoRA-RITE is the best optimizer at every rank (Tables 3 and 8). Per preset and rank, the margin
// of LoRA-RITE over the best other optimizer: min over X of the mean over the rank's tasks of the mean
// paired difference LoRA-RITE - X. The margin is above 0 exactly when LoRA-RITE's task-averaged score
// beats every other optimizer's, which is what "best" means in the tables' Avg. column.

enum EveryRankClaim {
    static let paper = "\"our proposed method performs consistently well across different LoRA ranks\" (Section 5, Table 3); "
        + "Table 8 shows LoRA-RITE with the best average at ranks 4, 16 and 64 on Gemma-2B."

    static func build(_ inputs: ClaimInputs, options: ClaimOptions) throws -> ClaimReport {
        let rite = ReportCatalog.proposedOptimizer
        let optimizers = ReportCatalog.paperOptimizers
        let others = optimizers.filter { $0 != rite }
        let ranks = Array(Set(options.report.ablationRanks + options.report.table3Ranks + [options.report.rank])).sorted()
        let contexts = ComparisonScope.contexts(inputs.results, tasks: ReportCatalog.benchmarkTasks, ranks: ranks, options: options.report)
        let scope = try ComparisonScope.build(results: inputs.results, contexts: contexts, optimizers: optimizers,
                                              minimumSeeds: options.minimumSeeds, options: options.report,
                                              value: ComparisonScope.reportedScore)
        var method = [
            "Statistic per preset and rank: the margin min over the other five optimizers X of the mean over the rank's tasks "
                + "of the mean paired difference LoRA-RITE − X, in points of each task's selection metric on the reported split; "
                + "above 0 exactly when LoRA-RITE's task average beats every other optimizer's. Null 0, paper's side above.",
            ClaimText.pairing, ClaimText.bootstrap(options.bootstrap), ClaimText.verdictRule,
        ]
        let basis = ClaimText.runBasis(scope.used)
        let title = "LoRA-RITE is best at every rank (Tables 3, 8)"
        guard scope.isComplete else {
            return ClaimReport(id: "C5", title: title, paper: paper, ours: "Not computed: some runs are missing or unfinished.",
                               verdict: scope.lacking(minimum: options.minimumSeeds), effect: "", shortfalls: scope.shortfalls,
                               method: method, basis: basis)
        }
        method.append(ClaimText.zeroScoring(scope.strata.map(\.zeroScored).reduce(0, +)))
        var groups: [(preset: String, rank: Int, strata: [AlignedStratum])] = []
        for stratum in scope.strata {
            if let index = groups.firstIndex(where: { $0.preset == stratum.context.preset && $0.rank == stratum.context.rank }) {
                groups[index].strata.append(stratum)
            } else {
                groups.append((stratum.context.preset, stratum.context.rank, [stratum]))
            }
        }
        var rows: [[String]] = []
        var verdicts: [ClaimVerdict] = []
        var effects: [String] = []
        for group in groups {
            let strata = group.strata
            func average(_ x: String, _ y: String, _ draws: [[Int]]) -> Double {
                SampleStatistics.mean(zip(strata, draws).map { SampleStatistics.mean(PairedEffects.differences($0, x, y, $1)) })
            }
            let margin = try StratifiedBootstrap.interval(strata: strata.map(\.seeds.count), settings: options.bootstrap) { draws in
                others.map { average(rite, $0, draws) }.min()!
            }
            let all = strata.map { Array($0.seeds.indices) }
            let closest = others.min { average(rite, $0, all) < average(rite, $1, all) }!
            let verdict = ClaimVerdict.judge(margin, null: 0, paperSide: .above)
            verdicts.append(verdict)
            let riteAverage = SampleStatistics.mean(strata.map { PairedEffects.mean($0, rite, Array($0.seeds.indices)) })
            rows.append([group.preset, "r=\(group.rank)", strata.map(\.context.task).joined(separator: ", "),
                         String(strata.map(\.seeds.count).min()!), NumberFormat.fixed(riteAverage, decimals: 2),
                         ReportCatalog.displayName(optimizer: closest), ClaimText.signedInterval(margin, decimals: 2), verdict.text])
            effects.append("\(group.preset) r=\(group.rank): \(ClaimText.signedInterval(margin, decimals: 2))")
        }
        let held = verdicts.filter { $0 == .holds }.count, failed = verdicts.filter { $0 == .doesNotHold }.count
        let ours = "LoRA-RITE's margin over the closest other optimizer lies above 0 at \(held) of "
            + "\(ClaimText.plural(groups.count, "preset and rank", "presets and ranks")) and below 0 at \(failed): "
            + effects.joined(separator: "; ") + " points."
        return ClaimReport(id: "C5", title: title, paper: paper, ours: ours, verdict: ClaimVerdict.every(verdicts),
                           effect: "margin over the closest optimizer " + effects.joined(separator: "; "),
                           detailHeaders: ["Preset", "Rank", "Tasks", "Seeds (fewest)", "LoRA-RITE (task average)", "Closest other",
                                           "Margin (95% interval)", "Verdict"],
                           detailRows: rows, method: method, basis: basis)
    }
}
