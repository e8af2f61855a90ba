// Table 4: training steps per second per optimizer on both presets, and each optimizer's speed
// relative to Adam (the only comparison that carries over from the paper's TPUs to a CPU).
//
// The rows that compare optimizers come from the recorded training-step benchmark
// (`rite-repro bench train-step --record`, which `reproduce` runs): one process, the optimizers
// alternating over several rounds, medians, on the table's task's batches. The speeds of the sweep's
// own runs stay as separate, labelled rows: they were measured while other runs shared the cores,
// across builds, so they say what a sweep achieved, not how the optimizers compare.

/// One recorded training-step benchmark: the median over alternating rounds of the mean time of a
/// training step (forward, backward, optimizer update) of one optimizer on one preset, and what it
/// was measured with.
public struct TrainingStepSpeed: Sendable, Equatable {
    public var preset: String
    public var optimizer: String
    public var rank: Int
    public var batch: Int?
    public var seconds: Double
    public var rounds: Int
    public var blas: String?
    public var build: String?
    public var workload: String?

    public init(preset: String, optimizer: String, rank: Int, batch: Int?, seconds: Double, rounds: Int,
                blas: String?, build: String?, workload: String?) {
        self.preset = preset
        self.optimizer = optimizer
        self.rank = rank
        self.batch = batch
        self.seconds = seconds
        self.rounds = rounds
        self.blas = blas
        self.build = build
        self.workload = workload
    }
}

enum SpeedTableRenderer {
    static func render(runs: [RunResult], speeds allSpeeds: [TrainingStepSpeed], options: ReportOptions) throws -> String {
        let paper = PaperNumbers.table4
        let speeds = allSpeeds.filter { $0.rank == options.rank && $0.seconds.isFinite && $0.seconds > 0 }
        var presets = options.displayPresets(runs)
        for speed in speeds where !presets.contains(speed.preset) { presets.append(speed.preset) }
        let used = runs.filter { $0.task == options.speedTask && $0.rank == options.rank && presets.contains($0.preset) }
        let ourOptimizers = ReportCatalog.sortedOptimizers(used.map(\.optimizer) + speeds.map(\.optimizer))
        let optimizers = ReportCatalog.sortedOptimizers(
            ourOptimizers + paper.columns.map { label in ReportCatalog.optimizer(displayedAs: label) ?? label }
        )
        func sweepSpeeds(_ preset: String, _ optimizer: String) -> CellSummary {
            let values = used.filter { $0.preset == preset && $0.optimizer == optimizer && $0.status == .done }
                .sorted { ($0.learningRate, $0.seed, $0.runKey) < ($1.learningRate, $1.seed, $1.runKey) }
                .compactMap(\.stepsPerSecond).filter { $0.isFinite && $0 > 0 }
            return CellSummary(values: values, total: values.count, outcomes: [])
        }
        func benchmark(_ preset: String, _ optimizer: String) -> Double? {
            speeds.first { $0.preset == preset && $0.optimizer == optimizer }.map { 1 / $0.seconds }
        }
        func ratio(_ value: Double?, _ adam: Double?) -> String {
            guard let value, let adam, adam > 0 else { return "—" }
            return NumberFormat.fixed(value / adam, decimals: 3)
        }

        var table = MarkdownTable(headers: ["Source"] + optimizers.map { ReportCatalog.displayName(optimizer: $0) },
                                  alignments: [.left] + optimizers.map { _ in .right })
        let adamIndex = optimizers.firstIndex(of: "adam")
        for preset in presets {
            let paperModel = options.paperModel(for: preset)
            let hasPaper = paperModel.map(paper.models.contains) ?? false
            let hasBenchmark = speeds.contains { $0.preset == preset }
            guard hasPaper || hasBenchmark || used.contains(where: { $0.preset == preset }) else { continue }
            let measured = optimizers.map { benchmark(preset, $0) }
            let adamMeasured = adamIndex.flatMap { measured[$0] }
            table.append(["ours (\(preset)), benchmark steps/s"] + measured.map { $0.map { NumberFormat.fixed($0, decimals: 2) } ?? "—" })
            table.append(["ours (\(preset)), benchmark, relative to Adam"] + measured.map { ratio($0, adamMeasured) })
            let cells = optimizers.map { sweepSpeeds(preset, $0) }
            let adam = adamIndex.flatMap { cells[$0].mean }
            table.append(["ours (\(preset)), sweep runs, steps/s"] + cells.map { $0.text(decimals: 2) })
            table.append(["ours (\(preset)), sweep runs, relative to Adam"] + cells.map { ratio($0.mean, adam) })
            if hasPaper, let paperModel {
                let paperCells = optimizers.map { optimizer in
                    paper.cell(model: paperModel, label: "", column: ReportCatalog.displayName(optimizer: optimizer)) ?? ""
                }
                let paperAdam = PaperNumbers.value(paperCells[adamIndex ?? 0])
                table.append(["paper (\(paperModel)), steps/s"] + paperCells.map { $0.isEmpty ? "—" : $0 })
                table.append(["paper (\(paperModel)), relative to Adam"] + paperCells.map { ratio(PaperNumbers.value($0), paperAdam) })
            }
        }

        let done = used.filter { $0.status == .done }
        let withoutSpeed = done.filter { run in !(run.stepsPerSecond.map { $0.isFinite && $0 > 0 } ?? false) }.count
        var text = "### Table 4 (ours and the paper): training steps per second (rank \(options.rank), \(options.speedTask))\n\n"
        text += table.render() + "\n"
        var caption = TableCaption()
        if speeds.isEmpty {
            caption.add("Benchmark rows: no training-step benchmark is recorded (`rite-repro bench train-step --record`, "
                + "which `rite-repro reproduce` runs).")
        } else {
            func distinct(_ values: [String?]) -> String {
                let unique = Array(Set(values.map { $0 ?? "not recorded" })).sorted()
                return unique.map { "`\($0)`" }.joined(separator: "; ")
            }
            let rounds = Array(Set(speeds.map(\.rounds))).sorted().map(String.init).joined(separator: ", ")
            caption.add("Benchmark rows (compare optimizers with these): `rite-repro bench train-step --record`, one process, "
                + "every optimizer and preset in turn in each of \(rounds) rounds (the order of the optimizers turning every "
                + "round); a cell is 1 / the median over the rounds of the mean wall time of a training step (forward, backward, "
                + "optimizer update; rank \(options.rank), batch "
                + Array(Set(speeds.map { $0.batch.map(String.init) ?? "?" })).sorted().joined(separator: ", ")
                + "), 2 decimals. Workload: \(distinct(speeds.map(\.workload))). BLAS: \(distinct(speeds.map(\.blas))). "
                + "Build: \(distinct(speeds.map(\.build))).")
        }
        caption.addRuns(used: used, unused: runs.count - used.count)
        caption.add("Sweep rows: training steps per second over a whole run (wall time of the training steps alone), mean ± "
            + "sample standard deviation over the done runs of every learning rate and seed, 2 decimals, n = their number"
            + (withoutSpeed > 0 ? "; \(withoutSpeed) done runs recorded no speed and are not counted" : "")
            + "; diverged, failed and unfinished runs are not timed. They were measured while other runs shared the "
            + "machine's cores, possibly across builds, so they describe the sweep, not a comparison of optimizers. "
            + "Relative to Adam: the ratio of the row's values, 3 decimals (below 1 = slower than Adam); — = no "
            + "measurement. No bold: speeds are not scores.")
        caption.add("The paper's Gemma-2B Adam cell is empty in its text; its prose says LoRA-RITE is \"only 8% slower "
            + "than Adam on Gemma 2B\".")
        caption.addPaper(paper, pairing: "(TPUv5e, rank 16, OpenBookQA.)")
        caption.addDigest(RowDigest.digest(runs: used, speeds: speeds), rows: used.count + speeds.count)
        caption.addVersion(options.toolVersion)
        return text + caption.render()
    }
}
