// C2: conventional optimizers barely move the factor that starts non-zero (A, Kaiming-uniform) while
// LoRA-RITE moves it (Figures 1, 3 and 4). Per run at the selected rate, from its per-step curves:
//
//   growth       ||A_T|| / ||A_1||: at step 1 the paper's schedule has rate 0, so ||A_1|| is the initial norm;
//   warm-up part (||A_w|| - ||A_1||) / (||A_T|| - ||A_1||) over the runs, w the last warm-up step: how much of
//                the growth happens while B, which starts at zero, is still small;
//   B at warm-up ||B_w|| / ||B_T||;
//   update ratio mean of ||dA||/||A|| over the steps after warm-up divided by the mean of ||dB||/||B|| (the
//                curves of Figures 3 and 4; during warm-up ||B|| is near zero and ||dB||/||B|| is not informative).
//
// The verdict compares growth, paired by seed: LoRA-RITE - X for every other optimizer X.

enum FactorGrowthClaim {
    static let paper = "\"the weight norm for factor B changes significantly while the weight norm for factor A barely changes\" "
        + "(Section 2.3, Figure 1); \"for conventional optimizers, factor A barely changes, while LoRA-RITE is able to learn "
        + "the factor A effectively\" (Appendix A.7, Figures 3 and 4)."

    struct Curves {
        let byRun: [String: [CurveMetric: StepSeries]]

        init(_ curves: [StepSeries]) throws {
            var byRun: [String: [CurveMetric: StepSeries]] = [:]
            for curve in curves {
                if byRun[curve.runKey]?[curve.metric] != nil { throw ReportError.duplicateCurve(runKey: curve.runKey, metric: curve.metric) }
                byRun[curve.runKey, default: [:]][curve.metric] = curve
            }
            self.byRun = byRun
        }

        func points(_ run: RunResult, _ metric: CurveMetric) throws -> [CurvePoint] {
            guard let points = byRun[run.runKey]?[metric]?.points, !points.isEmpty else {
                throw ClaimError.unusableCurve(runKey: run.runKey, metric: metric, reason: "is missing or empty")
            }
            return points
        }

        /// The value at the last recorded step at or before `step`.
        func value(_ run: RunResult, _ metric: CurveMetric, atOrBefore step: Int) throws -> Double {
            guard let point = try points(run, metric).last(where: { $0.step <= step }) else {
                throw ClaimError.unusableCurve(runKey: run.runKey, metric: metric, reason: "has no point at or before step \(step)")
            }
            return point.value
        }

        func positive(_ value: Double, _ run: RunResult, _ metric: CurveMetric, _ what: String) throws -> Double {
            guard value.isFinite, value > 0 else {
                throw ClaimError.unusableCurve(runKey: run.runKey, metric: metric, reason: "\(what) is \(value); expected a finite value above 0")
            }
            return value
        }

        func growth(_ run: RunResult, upTo step: Int? = nil) throws -> Double {
            let points = try self.points(run, .normA)
            let start = try positive(points[0].value, run, .normA, "the first norm")
            let end = try step.map { try value(run, .normA, atOrBefore: $0) } ?? points.last!.value
            return end / start
        }

        func bShare(_ run: RunResult, warmup: Int) throws -> Double {
            let final = try positive(try points(run, .normB).last!.value, run, .normB, "the final norm")
            return try value(run, .normB, atOrBefore: warmup) / final
        }

        func updateRatio(_ run: RunResult, warmup: Int) throws -> Double {
            func meanAfter(_ metric: CurveMetric) throws -> Double {
                let values = try points(run, metric).filter { $0.step > warmup }.map(\.value)
                guard !values.isEmpty else {
                    throw ClaimError.unusableCurve(runKey: run.runKey, metric: metric, reason: "has no point after warm-up step \(warmup)")
                }
                return SampleStatistics.mean(values)
            }
            return try meanAfter(.updateRatioA) / positive(try meanAfter(.updateRatioB), run, .updateRatioB, "the mean after warm-up")
        }
    }

    static func build(_ inputs: ClaimInputs, options: ClaimOptions) throws -> ClaimReport {
        let optimizers = ReportCatalog.paperOptimizers
        let curves = try Curves(inputs.curves)
        let warmup = options.warmupSteps
        let contexts = ComparisonScope.contexts(inputs.results, tasks: options.factorTasks, ranks: [options.report.rank], options: options.report)
        func scope(_ value: @escaping (RunResult) throws -> Double) throws -> ComparisonScope {
            // A run that diverged has curves up to its divergence only: it is left out (and counted).
            try ComparisonScope.build(results: inputs.results, contexts: contexts, optimizers: optimizers, minimumSeeds: options.minimumSeeds,
                                      options: options.report) { run, _ in
                run.status == .done || run.status == .didNotLearn ? try value(run) : nil
            }
        }
        // The first pass only lines the runs up; values are read once every finished run has curves.
        let growth = try scope { curves.byRun[$0.runKey]?[.normA] == nil ? 0 : try curves.growth($0) }
        var method = [
            "Per run at the selected rate: growth ||A_T|| / ||A_1|| (the first step has rate 0 under the paper's schedule, so "
                + "||A_1|| is the initial norm); the part of the growth made by the end of warm-up (step \(warmup)), "
                + "(mean ||A_w||/||A_1|| − 1) / (mean growth − 1) over the optimizer's runs; ||B_w|| / ||B_T||; and the update ratio, "
                + "the mean of ||dA||/||A|| over the steps after warm-up divided by the mean of ||dB||/||B|| (Figures 3 and 4; norms "
                + "over all LoRA pairs as one parameter).",
            "Per optimizer: the mean over tasks of the per-task mean over seeds. Verdict: LoRA-RITE − X in growth (in units of "
                + "||A_1||), paired by seed and averaged over tasks, for every other optimizer X; null 0, paper's side above. Runs "
                + "that diverged are left out of the pairing (their curves stop early); runs that did not learn are kept.",
            ClaimText.pairing, ClaimText.bootstrap(options.bootstrap), ClaimText.verdictRule,
        ]
        let usedCurves = inputs.curves.filter { curve in growth.used.contains { $0.runKey == curve.runKey } }
            .sorted { ($0.runKey, $0.metric.rawValue) < ($1.runKey, $1.metric.rawValue) }
        let basis = ClaimText.runBasis(growth.used, curves: usedCurves)
        let title = "conventional optimizers barely move A, LoRA-RITE does (Figures 1, 3, 4)"
        // A finished run whose curves were not given cannot be judged: the claim waits for them.
        let withoutCurves = growth.used.filter { run in
            (run.status == .done || run.status == .didNotLearn) && curves.byRun[run.runKey]?[.normA] == nil
        }
        guard withoutCurves.isEmpty else {
            return ClaimReport(id: "C2", title: title, paper: paper, ours: "Not computed: some finished runs have no per-step curves.",
                               verdict: .notEnoughRuns(detail: "n = \(growth.used.count - withoutCurves.count) runs with curves of "
                                   + "\(growth.used.count); every finished run's curves needed"),
                               effect: "", shortfalls: ["\(ClaimText.plural(withoutCurves.count, "finished run")) without curves, "
                                   + "the first \(withoutCurves[0].runKey)"], method: method, basis: basis)
        }
        guard growth.isComplete else {
            return ClaimReport(id: "C2", title: title, paper: paper, ours: "Not computed: some runs are missing or unfinished.",
                               verdict: growth.lacking(minimum: options.minimumSeeds), effect: "", shortfalls: growth.shortfalls,
                               method: method, basis: basis)
        }
        let warmupGrowth = try scope { try curves.growth($0, upTo: warmup) }
        let bShare = try scope { try curves.bShare($0, warmup: warmup) }
        let ratio = try scope { try curves.updateRatio($0, warmup: warmup) }
        let dropped = growth.strata.map(\.dropped).reduce(0, +)
        method.append("Tasks: \(growth.strata.map { $0.context.description }.joined(separator: ", ")); "
            + "\(ClaimText.plural(dropped, "diverged run")) left out.")

        func average(_ scope: ComparisonScope, _ optimizer: String) throws -> ConfidenceInterval {
            let strata = scope.strata
            return try StratifiedBootstrap.interval(strata: strata.map(\.seeds.count), settings: options.bootstrap) { draws in
                SampleStatistics.mean(zip(strata, draws).map { PairedEffects.mean($0, optimizer, $1) })
            }
        }
        func pooledMean(_ scope: ComparisonScope, _ optimizer: String) -> Double {
            SampleStatistics.mean(scope.strata.flatMap { $0.values(optimizer) })
        }
        var rows: [[String]] = []
        var verdicts: [ClaimVerdict] = []
        var conventional: [String] = []
        var riteGrowth = "", riteShare = "", otherShares: [String] = []
        for optimizer in optimizers {
            let name = ReportCatalog.displayName(optimizer: optimizer)
            let total = pooledMean(growth, optimizer) - 1
            let early = pooledMean(warmupGrowth, optimizer) - 1
            let share = total == 0 ? "—" : NumberFormat.fixed(100 * early / total, decimals: 0) + "%"
            let g = try average(growth, optimizer)
            var difference = "", verdict = ""
            if optimizer == ReportCatalog.proposedOptimizer {
                riteGrowth = g.text(decimals: 3)
                riteShare = share
            } else {
                otherShares.append(share)
                let d = try PairedEffects.averageOfMeans(growth.strata, ReportCatalog.proposedOptimizer, optimizer, settings: options.bootstrap)
                let v = ClaimVerdict.judge(d, null: 0, paperSide: .above)
                verdicts.append(v)
                difference = ClaimText.signedInterval(d, decimals: 3)
                verdict = v.text
                conventional.append("\(name) \(g.text(decimals: 3))")
            }
            rows.append([name, String(growth.strata.map(\.seeds.count).reduce(0, +)), g.text(decimals: 3), share,
                         NumberFormat.fixed(pooledMean(bShare, optimizer), decimals: 3),
                         try average(ratio, optimizer).text(decimals: 3), difference, verdict])
        }
        let bAtWarmup = NumberFormat.fixed(pooledMean(bShare, ReportCatalog.proposedOptimizer), decimals: 3)
        let ours = "||A_T|| / ||A_0||: LoRA-RITE \(riteGrowth), against " + conventional.joined(separator: ", ")
            + ". By the end of warm-up (step \(warmup)), while ||B|| was still small (LoRA-RITE's at \(bAtWarmup) of its final "
            + "norm), LoRA-RITE had made \(riteShare) of its growth and the others " + otherShares.joined(separator: ", ") + " of theirs."
        return ClaimReport(id: "C2", title: title, paper: paper, ours: ours, verdict: ClaimVerdict.every(verdicts),
                           effect: "||A_T||/||A_0||: LoRA-RITE \(riteGrowth); " + conventional.joined(separator: "; "),
                           detailHeaders: ["Optimizer", "Runs", "||A_T|| / ||A_0|| (95% interval)", "Of the growth, by warm-up's end",
                                           "||B_w|| / ||B_T||", "Update ratio A/B after warm-up (95% interval)",
                                           "RITE − X in growth (95% interval)", "Verdict"],
                           detailRows: rows, method: method, basis: basis)
    }
}
