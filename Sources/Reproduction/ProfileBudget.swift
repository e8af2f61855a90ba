import Foundation
import Store
import Sweep

/// What a profile has left to run (`rite-repro reproduce --dry-run`): per experiment the runs
/// left and their cost in core-hours, estimated from the done runs in the database (a first-seed
/// search's second phase counted before it is planned), and the total.
public enum ProfileBudget {
    /// One line per spec, then the total at `jobs` parallel jobs. `store` is `nil` when the
    /// database does not exist yet.
    public static func lines(profile: String, specPaths: [String], backend: SweepBackend, store: ResultStore?,
                             jobs: Int) throws -> [String] {
        var lines: [String] = []
        var runs = 0, seconds = 0.0, unknown: [String] = []
        for path in specPaths {
            let spec = try SpecDecoder.load(path: path, vocabulary: backend.vocabulary)
            let budget = try SweepBudget.estimate(grid: SweepGrid(spec: spec, context: backend.keyContext), store: store)
            runs += budget.runsLeft
            if let core = budget.coreSeconds { seconds += core } else if budget.runsLeft > 0 { unknown.append(spec.name) }
            let cost = budget.coreSeconds.map { String(format: "%.2f core-hours", $0 / 3600) } ?? "no estimate"
            lines.append("\(spec.name): \(budget.runsLeft) run(s) left, \(cost)")
        }
        var total = "profile \(profile): \(runs) run(s) left, " + String(format: "%.2f core-hours", seconds / 3600)
            + String(format: " (about %.1f h on %d job(s))", seconds / 3600 / Double(jobs), jobs)
        if !unknown.isEmpty { total += "; not counted, no comparable done run: " + unknown.joined(separator: ", ") }
        lines.append(total)
        return lines
    }
}
