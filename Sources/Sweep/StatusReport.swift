import Foundation
import Store
import Training

/// The text `rite-repro status` prints: per experiment, counts by status, the running runs with
/// their step and whether their worker is alive, the runs whose optimizer skipped factors, zeroed
/// steps or fell back (`OptimizerReportText.statusLines`), and the last problems (failed or diverged runs).
public enum StatusReport {
    public static func render(store: ResultStore, policy: DeadWorkerPolicy, problems: Int = 5, now: Date = Date()) throws -> String {
        let experiments = try store.experiments()
        if experiments.isEmpty { return "no experiments in \(store.path)" }
        var lines: [String] = []
        for experiment in experiments {
            let members = try store.members(of: experiment.name)
            var counts: [RunStatus: Int] = [:]
            for member in members { counts[member.run.status, default: 0] += 1 }
            lines.append("\(experiment.name): \(members.count) runs: "
                + RunStatus.allCases.map { "\(counts[$0, default: 0]) \($0.rawValue)" }.joined(separator: ", "))
            for (run, worker) in try store.runningRuns(of: experiment.name) {
                let state = policy.deathEvidence(of: worker, now: now).map { "abandoned: \($0); the next sweep takes it back" }
                    ?? "worker \(worker?.id ?? "?") alive"
                lines.append("  running \(RunLabel.text(run)) step \(run.lastStep)/\(run.steps) (\(state))")
            }
            lines += OptimizerReportText.statusLines(runs: members.map(\.run), reports: try store.optimizerReports(of: experiment.name))
            let recent = try store.recentProblems(of: experiment.name, limit: problems)
            if !recent.isEmpty {
                lines.append("  last problems:")
                for run in recent {
                    let message = (run.errorText ?? "").split(separator: "\n").first.map(String.init) ?? ""
                    let shown = message.count > 200 ? String(message.prefix(199)) + "…" : message
                    lines.append("    \(run.status.rawValue) \(RunLabel.text(run)) [\(run.key.prefix(12))]: \(shown)")
                }
            }
        }
        return lines.joined(separator: "\n")
    }
}
