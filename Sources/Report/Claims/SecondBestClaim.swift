// C4: "Lamb is usually the second best optimizer" (Section 5, after Table 2). Per task, the six
// optimizers are ranked by their mean score over the shared seeds at their selected rates; the
// statistic is the share of tasks on which Lamb is second. "Usually" is read as "on more than half
// of the tasks": the null is 0.5.

enum SecondBestClaim {
    static let paper = "\"LoRA-RITE achieves the best performance on all the datasets, and Lamb is usually the second best "
        + "optimizer\" (Section 5, Table 2); \"Lamb performs well on some of the datasets but there's still a significant "
        + "gap between Lamb and LoRA-RITE\" (Table 1)."

    /// Lamb's place among `optimizers` at the drawn seeds: 1 + the number of optimizers with a strictly
    /// higher mean (a tie shares the better place).
    static func place(of optimizer: String, among optimizers: [String], _ stratum: AlignedStratum, _ draw: [Int]) -> Int {
        let own = PairedEffects.mean(stratum, optimizer, draw)
        return 1 + optimizers.filter { $0 != optimizer && PairedEffects.mean(stratum, $0, draw) > own }.count
    }

    static func build(_ inputs: ClaimInputs, options: ClaimOptions) throws -> ClaimReport {
        let optimizers = ReportCatalog.paperOptimizers
        let tasks = ReportCatalog.sniTasks + ReportCatalog.benchmarkTasks
        let contexts = ComparisonScope.contexts(inputs.results, tasks: tasks, ranks: [options.report.rank], options: options.report)
        let scope = try ComparisonScope.build(results: inputs.results, contexts: contexts, optimizers: optimizers,
                                              minimumSeeds: options.minimumSeeds, options: options.report,
                                              value: ComparisonScope.reportedScore)
        var method = [
            "Statistic: the share of tasks (all presets) on which Lamb's mean score, over the seeds all six optimizers share at "
                + "their selected rates, is the second highest; a tie shares the better place. Null 0.5 (\"usually\" = on more "
                + "than half of the tasks), paper's side above.",
            ClaimText.pairing, ClaimText.bootstrap(options.bootstrap), ClaimText.verdictRule,
        ]
        let basis = ClaimText.runBasis(scope.used)
        let title = "Lamb is usually second best (Tables 1, 2)"
        guard scope.isComplete else {
            return ClaimReport(id: "C4", title: title, paper: paper, ours: "Not computed: some runs are missing or unfinished.",
                               verdict: scope.lacking(minimum: options.minimumSeeds), effect: "", shortfalls: scope.shortfalls,
                               method: method, basis: basis)
        }
        method.append(ClaimText.zeroScoring(scope.strata.map(\.zeroScored).reduce(0, +)))
        let strata = scope.strata
        let share = try StratifiedBootstrap.interval(strata: strata.map(\.seeds.count), settings: options.bootstrap) { draws in
            Double(zip(strata, draws).filter { place(of: "lamb", among: optimizers, $0, $1) == 2 }.count) / Double(strata.count)
        }
        var rows: [[String]] = []
        var second = 0, firstRite = 0
        for stratum in strata {
            let all = Array(stratum.seeds.indices)
            // Highest mean first; equal means keep the paper's order, so the text is the same on every run.
            let order = optimizers.indices.sorted { i, j in
                let (a, b) = (PairedEffects.mean(stratum, optimizers[i], all), PairedEffects.mean(stratum, optimizers[j], all))
                return a != b ? a > b : i < j
            }.map { optimizers[$0] }
            let lambPlace = place(of: "lamb", among: optimizers, stratum, all)
            if lambPlace == 2 { second += 1 }
            if place(of: ReportCatalog.proposedOptimizer, among: optimizers, stratum, all) == 1 { firstRite += 1 }
            rows.append([stratum.context.preset, stratum.context.task, String(stratum.seeds.count),
                         order.prefix(3).map { "\(ReportCatalog.displayName(optimizer: $0)) \(NumberFormat.fixed(PairedEffects.mean(stratum, $0, all), decimals: 2))" }
                             .joined(separator: ", "),
                         String(lambPlace), NumberFormat.fixed(PairedEffects.mean(stratum, "lamb", all), decimals: 2)])
        }
        let verdict = ClaimVerdict.judge(share, null: 0.5, paperSide: .above)
        let ours = "Lamb is second on \(second) of \(ClaimText.plural(strata.count, "task")) (share \(share.text(decimals: 2))); "
            + "LoRA-RITE is first on \(firstRite)."
        return ClaimReport(id: "C4", title: title, paper: paper, ours: ours, verdict: verdict,
                           effect: "Lamb second on \(second)/\(strata.count) tasks, share \(share.text(decimals: 2))",
                           detailHeaders: ["Preset", "Task", "Seeds", "Top three (mean score)", "Lamb's place", "Lamb"],
                           detailRows: rows, method: method, basis: basis)
    }
}
