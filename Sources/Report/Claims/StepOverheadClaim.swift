// C7: "LoRA-RITE is only 8% slower than Adam on Gemma 2B, while the difference decreases to 5%" on
// Gemma-7B (Table 4). The input is a plain list of rounds, each a pair of step times of Adam and
// LoRA-RITE measured under the same conditions, so any benchmark that produces such pairs plugs in.
// Until a clean training-step benchmark is stored, the rounds are Table 4's own input: the training
// speed of whole runs, paired by preset, learning rate and seed (the same steps on the same data).
import Foundation

enum StepOverheadClaim {
    static let paper = "\"LoRA-RITE is only 8% slower than Adam on Gemma 2B, while the difference decreases to 5% when model "
        + "size increased to 7B\" (Section 5, Table 4: training steps per second on TPUv5e, rank 16, OpenBookQA)."

    /// Table 4's input as rounds: per preset, every learning rate and seed at which both Adam and
    /// LoRA-RITE have a done run with a recorded speed on the speed task and rank.
    static func roundsFromRuns(_ results: [RunResult], options: ReportOptions) -> (rounds: StepTimeRounds, used: [RunResult]) {
        let used = results.filter { run in
            run.task == options.speedTask && run.rank == options.rank && [ReportCatalog.baselineOptimizer, ReportCatalog.proposedOptimizer].contains(run.optimizer)
                && run.status == .done && (run.stepsPerSecond.map { $0.isFinite && $0 > 0 } ?? false)
        }
        var rounds: [StepTimeRound] = []
        let presets = options.displayPresets(used)
        let adam = used.filter { $0.optimizer == ReportCatalog.baselineOptimizer }.sorted { lhs, rhs in
            (presets.firstIndex(of: lhs.preset)!, lhs.learningRate, lhs.seed) < (presets.firstIndex(of: rhs.preset)!, rhs.learningRate, rhs.seed)
        }
        var paired: [RunResult] = []
        for run in adam {
            guard let rite = used.first(where: { $0.optimizer == ReportCatalog.proposedOptimizer && $0.preset == run.preset
                && $0.learningRate == run.learningRate && $0.seed == run.seed }) else { continue }
            rounds.append(StepTimeRound(stratum: run.preset, label: "lr \(NumberFormat.scientific(run.learningRate)), seed \(run.seed)",
                                        adamSeconds: 1 / run.stepsPerSecond!, riteSeconds: 1 / rite.stepsPerSecond!))
            paired += [run, rite]
        }
        let source = "the training speed of whole runs (Table 4's input: \(options.speedTask), rank \(options.rank)), "
            + "paired by preset, learning rate and seed; those runs shared the machine with other runs"
        return (StepTimeRounds(source: source, rounds: rounds), paired)
    }

    static func build(_ inputs: ClaimInputs, options: ClaimOptions) throws -> ClaimReport {
        let fromRuns = roundsFromRuns(inputs.results, options: options.report)
        let rounds = inputs.stepTimes ?? fromRuns.rounds
        for round in rounds.rounds {
            for (name, seconds) in [("Adam", round.adamSeconds), ("LoRA-RITE", round.riteSeconds)] where !(seconds.isFinite && seconds > 0) {
                throw ClaimError.invalidStepTime(round: "\(round.stratum), \(round.label)", reason: "\(name) took \(seconds) s; expected a finite time above 0")
            }
        }
        let bound = NumberFormat.fixed(options.overheadBound * 100, decimals: 0)
        let method = [
            "Rounds: \(rounds.source).",
            "Statistic per preset: the overhead of LoRA-RITE's step over Adam's, exp(mean over rounds of log(t_RITE / t_Adam)) − 1 "
                + "(the geometric mean ratio, in percent). Null: \(bound)%, paper's side below (\"at most about \(bound)% more\").",
            "95% intervals: percentile bootstrap over rounds within each preset (\(options.bootstrap.resamples) resamples, seed "
                + "\(options.bootstrap.seed)), a round's two times drawn together.",
            ClaimText.verdictRule,
        ]
        var basis: [String] = []
        if inputs.stepTimes == nil {
            basis = ClaimText.runBasis(fromRuns.used)
        } else {
            let lines = rounds.rounds.map { ["steptime", RowDigest.escape($0.stratum), RowDigest.escape($0.label),
                                             $0.adamSeconds.description, $0.riteSeconds.description].joined(separator: "\t") }
            basis = ["Input digest: SHA-256 \(RowDigest.digest(lines)) over the \(lines.count) rounds "
                + "(one line each: steptime, stratum, round, Adam seconds, LoRA-RITE seconds)."]
        }
        let title = "LoRA-RITE's step costs at most about \(bound)% more than Adam's (Table 4)"
        let presets = rounds.rounds.map(\.stratum).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let groups = presets.map { preset in rounds.rounds.filter { $0.stratum == preset } }
        let fewest = groups.map(\.count).min() ?? 0
        guard fewest >= options.minimumRounds else {
            return ClaimReport(id: "C7", title: title, paper: paper, ours: "Not computed: too few paired step times.",
                               verdict: .notEnoughRuns(detail: "n = \(fewest) paired rounds in the thinnest preset; \(options.minimumRounds) needed"),
                               effect: "", shortfalls: presets.isEmpty ? ["no preset has a done run of both Adam and LoRA-RITE with a speed"] : [],
                               method: method, basis: basis)
        }
        var rows: [[String]] = []
        var verdicts: [ClaimVerdict] = []
        var effects: [String] = []
        for (preset, group) in zip(presets, groups) {
            let logs = group.map { log($0.riteSeconds / $0.adamSeconds) }
            let overhead = try StratifiedBootstrap.interval(strata: [group.count], settings: options.bootstrap) { draws in
                SampleStatistics.mean(draws[0].map { logs[$0] })
            }.mapped { (exp($0) - 1) * 100 }
            let verdict = ClaimVerdict.judge(overhead, null: options.overheadBound * 100, paperSide: .below)
            verdicts.append(verdict)
            let adam = SampleStatistics.mean(group.map(\.adamSeconds)), rite = SampleStatistics.mean(group.map(\.riteSeconds))
            rows.append([preset, String(group.count), NumberFormat.fixed(adam * 1000, decimals: 2), NumberFormat.fixed(rite * 1000, decimals: 2),
                         ClaimText.signedInterval(overhead, decimals: 1) + " %", verdict.text])
            effects.append("\(preset): \(ClaimText.signedInterval(overhead, decimals: 1))% per step")
        }
        let ours = "LoRA-RITE's training step against Adam's, geometric mean over rounds: " + effects.joined(separator: "; ") + "."
        return ClaimReport(id: "C7", title: title, paper: paper, ours: ours, verdict: ClaimVerdict.every(verdicts),
                           effect: effects.joined(separator: "; "),
                           detailHeaders: ["Preset", "Rounds", "Adam ms/step (mean)", "LoRA-RITE ms/step (mean)",
                                           "Overhead (95% interval)", "Verdict"],
                           detailRows: rows, method: method, basis: basis)
    }
}
