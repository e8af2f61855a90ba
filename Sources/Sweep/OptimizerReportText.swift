import Foundation
import RiteCore
import Store

/// A run's `OptimizerRunReport` as text: the last lines of `rite-repro run`, its progress lines,
/// and the per-experiment lines of `rite-repro status`. A run without a report is "not recorded"
/// (it finished before reports were kept, or failed before its first step), never zero.
public enum OptimizerReportText {
    /// How many runs `statusLines` lists by name.
    public static let listedRuns = 5

    /// The whole report on one line, for example `over 2000 steps: skipped 14 factor updates in 7
    /// steps (steps 1-7), clipped 0 of 2000 steps, internal gradient norm min 0.0123 mean 0.531 max 3.2`.
    /// The clip is shown for optimizers with an internal one (they report its gradient norm).
    public static func line(_ report: OptimizerRunReport?) -> String {
        guard let report else { return "not recorded" }
        var parts = events(report)
        if parts.isEmpty { parts.append("no skipped factors, zeroed steps or preconditioner fallbacks") }
        if report.clippedSteps.total > 0 || report.internalGradientNorm != nil {
            parts.append("clipped \(report.clippedSteps.total) of \(report.steps) steps")
        }
        if let norm = report.internalGradientNorm { parts.append("internal gradient norm \(summary(norm))") }
        if let ratio = report.trustRatio { parts.append("trust ratio \(summary(ratio))") }
        return "over \(report.steps) steps: " + parts.joined(separator: ", ")
    }

    /// The skipped factors, zeroed steps and fallbacks that happened, one phrase each, for example
    /// `skipped 14 factor updates in 7 steps (steps 1-7)`; empty when none did.
    public static func events(_ report: OptimizerRunReport) -> [String] {
        let kinds = [("skipped", report.skippedFactors, "factor update"),
                     ("zeroed", report.zeroedPreconditionedSteps, "preconditioned step"),
                     ("fell back on", report.preconditionerFallbacks, "preconditioner")]
        return kinds.compactMap { verb, events, noun in
            guard events.total > 0, let first = events.firstStep, let last = events.lastStep else { return nil }
            let when = first == last ? "step \(first)" : "steps \(first)-\(last)"
            return "\(verb) \(count(events.total, noun)) in \(count(events.steps, "step")) (\(when))"
        }
    }

    /// What a progress line appends: the counts so far of skipped factors, zeroed steps and
    /// fallbacks that are not zero (`, skipped 4, zeroed 1`); empty when all are zero.
    public static func progress(_ report: OptimizerRunReport) -> String {
        [("skipped", report.skippedFactors.total), ("zeroed", report.zeroedPreconditionedSteps.total),
         ("fallbacks", report.preconditionerFallbacks.total)]
            .filter { $0.1 > 0 }.map { ", \($0.0) \($0.1)" }.joined()
    }

    /// The lines `rite-repro status` shows for an experiment's runs: which skipped factors, zeroed
    /// steps or fell back (the `listedRuns` with the most such events, by name), and how many of
    /// its finished runs have no report. No lines when every finished run has a report without them.
    public static func statusLines(runs: [StoredRun], reports: [String: OptimizerRunReport]) -> [String] {
        let unrecorded = runs.filter { $0.status.isFinished && reports[$0.key] == nil }.count
        let finished = runs.filter(\.status.isFinished).count
        let eventful = runs.compactMap { run in reports[run.key].map { (run, $0) } }
            .filter { $0.1.hasSkipsZeroedStepsOrFallbacks }
            .sorted { (eventCount($0.1), $1.0.key) > (eventCount($1.1), $0.0.key) }
        let notRecorded = unrecorded > 0 ? "not recorded for \(unrecorded) of \(finished) finished runs" : nil
        guard !eventful.isEmpty else { return notRecorded.map { ["  optimizer reports: \($0)"] } ?? [] }
        var lines = ["  optimizer reports: \(eventful.count) of \(runs.count) runs skipped factors, zeroed steps or fell back"
            + (notRecorded.map { "; \($0)" } ?? "")]
        for (run, report) in eventful.prefix(listedRuns) {
            lines.append("    \(RunLabel.text(run)) [\(run.key.prefix(12))]: " + events(report).joined(separator: ", "))
        }
        if eventful.count > listedRuns { lines.append("    ... and \(eventful.count - listedRuns) more") }
        return lines
    }

    private static func eventCount(_ report: OptimizerRunReport) -> Int {
        report.skippedFactors.total + report.zeroedPreconditionedSteps.total + report.preconditionerFallbacks.total
    }

    private static func count(_ value: Int, _ noun: String) -> String { "\(value) \(noun)\(value == 1 ? "" : "s")" }

    private static func summary(_ values: ValueSummary) -> String {
        func number(_ x: Double) -> String { String(format: "%.3g", x) }
        return "min \(number(values.minimum)) mean \(number(values.mean)) max \(number(values.maximum))"
    }
}
