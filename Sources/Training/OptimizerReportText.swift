import Foundation
import RiteCore

/// A run's `OptimizerRunReport` as text: the last lines of `rite-repro run`, its progress lines,
/// and (in Sweep, which knows the store's runs) the per-experiment lines of `rite-repro status`. A run without a report is "not recorded"
/// (it finished before reports were kept, or failed before its first step), never zero.
public enum OptimizerReportText {
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

    private static func count(_ value: Int, _ noun: String) -> String { "\(value) \(noun)\(value == 1 ? "" : "s")" }

    private static func summary(_ values: ValueSummary) -> String {
        func number(_ x: Double) -> String { String(format: "%.3g", x) }
        return "min \(number(values.minimum)) mean \(number(values.mean)) max \(number(values.maximum))"
    }
}
