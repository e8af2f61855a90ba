// The caption under every table: what experiment, how many runs, the selection rule and cell format,
// the scoring settings, the paper's source, the digest of the input rows and the tool version.
import Store

struct TableCaption {
    var lines: [String] = []

    /// The order captions count statuses in: finished outcomes first, then the unfinished.
    static let statusOrder: [RunStatus] = [.done, .failed, .diverged, .didNotLearn, .pending, .running]

    /// "Ours: experiment `x`; 72 runs in scope (done 70, diverged 2); 4 input runs outside ... not used."
    mutating func addRuns(used: [RunResult], unused: Int, what: String = "runs") {
        let experiments = Array(Set(used.map(\.experiment))).sorted()
        var line = "Ours: "
        if experiments.isEmpty {
            line += "no runs in scope"
        } else {
            line += (experiments.count == 1 ? "experiment " : "experiments ")
                + experiments.map { "`\($0)`" }.joined(separator: ", ")
            line += "; \(used.count) \(what) in scope ("
            line += Self.statusOrder.compactMap { status in
                let count = used.filter { $0.status == status }.count
                return count > 0 ? "\(status.rawValue) \(count)" : nil
            }.joined(separator: ", ") + ")"
        }
        if unused > 0 {
            line += "; \(unused) input \(unused == 1 ? "run" : "runs") outside this table's tasks, presets or ranks not used"
        }
        lines.append(line + ".")
    }

    mutating func addSelectionRule() {
        lines.append("Learning rate: per optimizer, task, preset and rank, the rate with the best mean over seeds "
            + "of the selection score (split and metric below), rates compared on the seeds they all finished (the first "
            + "seed of a first-seed search); a seed that diverged or did not learn scores 0; equal means go to the "
            + "smaller rate; failed, pending and running runs do not take part. The sweep's second phase uses the same rule.")
    }

    mutating func addCellRule(units: String) {
        lines.append("Cells: \(units), mean ± sample standard deviation (n − 1) over the seeds that finished "
            + "at the selected rate, n = their number; seeds that diverged, did not learn (final loss above 0.75 x "
            + "the start's), failed or have not finished are shown as outcomes (\"1/3 diverged\") and never averaged in; — = no runs. Bold: the best mean "
            + "of a column within a block, as printed, among cells whose seeds all finished (ties all bold); "
            + "paper rows are bolded from the paper's own numbers.")
    }

    /// One line per task: where the rate is chosen and what is reported, and what each metric means.
    mutating func addScoring(_ scorings: [TaskScoring], reportedMetrics: [String: [String]]) {
        var parts: [String] = []
        var metrics: [String] = []
        for scoring in scorings {
            let reported = reportedMetrics[scoring.task] ?? [scoring.selectionMetric]
            parts.append("\(scoring.task): selected on \(scoring.selectionSplit.rawValue) \(scoring.selectionMetric), "
                + "reported on \(scoring.reportSplit.rawValue) \(reported.joined(separator: " and "))")
            for metric in [scoring.selectionMetric] + reported where !metrics.contains(metric) { metrics.append(metric) }
        }
        lines.append("Scoring: " + parts.joined(separator: "; ") + ".")
        lines.append("Metrics: " + metrics.map { "\($0) = \(ReportCatalog.metricDescription($0))" }.joined(separator: "; ") + ".")
    }

    mutating func addPaper(_ table: PaperTable, pairing: String) {
        lines.append("Paper: \(table.citation), \"\(table.caption)\" \(pairing) Our presets are small "
            + "analogs of the paper's models: compare orderings and gaps, not absolute values.")
    }

    mutating func addDigest(_ digest: String, rows: Int) {
        lines.append("Input digest: SHA-256 \(digest) over the \(rows) input rows in scope "
            + "(canonical form: README, \"Reports\").")
    }

    mutating func addVersion(_ version: String) {
        lines.append("Rendered by rite-repro \(version).")
    }

    mutating func add(_ line: String) { lines.append(line) }

    func render() -> String {
        lines.map { $0 + "\n" }.joined(separator: "\n")
    }
}

/// Renders warnings as a Markdown list under a heading line, or nothing.
func renderWarnings(_ warnings: [String]) -> String {
    guard !warnings.isEmpty else { return "" }
    return "**Warnings**\n\n" + warnings.map { "- " + $0 + "\n" }.joined() + "\n"
}
