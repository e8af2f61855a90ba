import RiteCore
import Store
import Training

extension OptimizerReportText {
    /// How many runs `statusLines` lists by name.
    public static let listedRuns = 5

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

    static func eventCount(_ report: OptimizerRunReport) -> Int {
        report.skippedFactors.total + report.zeroedPreconditionedSteps.total + report.preconditionerFallbacks.total
    }
}
