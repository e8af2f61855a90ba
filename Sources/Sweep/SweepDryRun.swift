import RiteCore
import Store

/// The text `rite-repro sweep --dry-run` prints: the grid, how many of its runs are done or
/// pending in the store, and an estimate of the time left. Nothing is written.
public enum SweepDryRun {
    /// `store` is `nil` when the database does not exist yet (every run is then pending).
    public static func render(grid: SweepGrid, store: ResultStore?, shard: Shard, jobs: Int) throws -> String {
        let spec = grid.spec
        var lines: [String] = []
        lines.append("experiment \(spec.name) (\(spec.sourcePath)), preset \(spec.preset)")
        let total = spec.tasks.count * spec.optimizers.count * spec.ranks.count * spec.learningRates.count * spec.seeds.count
        lines.append("grid: \(spec.tasks.count) task(s) x \(spec.optimizers.count) optimizer(s) x \(spec.ranks.count) rank(s) x "
            + "\(spec.learningRates.count) learning rate(s) x \(spec.seeds.count) seed(s) = \(total) runs")
        var runs: [GridRun]
        if let store {
            let plan = try SweepPlanner(store: store, grid: grid).plan()
            runs = plan.runs
            if grid.hasSecondPhase {
                let phaseOne = runs.filter { $0.phase == 1 }.count
                lines.append(plan.phaseTwoIncluded
                    ? "first-seed search: phase 1 has \(phaseOne) runs; phase 2 has \(runs.count - phaseOne) runs at the chosen rates"
                    : "first-seed search: phase 1 has \(phaseOne) runs (seed \(spec.seeds[0])); phase 2 "
                        + "(\(spec.seeds.count - 1) more seed(s) at the chosen rates) is planned once phase 1 is finished")
                lines += plan.unresolved.map { "  no phase-2 runs for \($0)" }
            }
        } else {
            runs = try grid.phaseOne()
            if grid.hasSecondPhase {
                lines.append("first-seed search: phase 1 has \(runs.count) runs (seed \(spec.seeds[0])); phase 2 is planned once phase 1 is finished")
            }
        }
        if shard.count > 1 {
            runs = runs.filter { shard.contains(key: $0.key) }
            lines.append("shard \(shard): \(runs.count) of these runs")
        }
        let stored = try store?.runs(keys: runs.map(\.key)) ?? [:]
        lines.append("")
        let header = ["#", "key", "status", "task", "optimizer", "rank", "learning rate", "seed"]
        var rows: [[String]] = []
        for (index, run) in runs.enumerated() {
            rows.append([String(index + 1), String(run.key.prefix(12)), (stored[run.key]?.status ?? .pending).rawValue,
                         run.run.task, run.run.optimizer.name, String(run.run.rank),
                         CanonicalJSON.format(run.run.learningRate), String(run.run.seed)])
        }
        lines += table(header: header, rows: rows)
        lines.append("")
        var counts: [RunStatus: Int] = [:]
        for run in runs { counts[stored[run.key]?.status ?? .pending, default: 0] += 1 }
        lines.append(RunStatus.allCases.map { "\($0.rawValue) \(counts[$0, default: 0])" }.joined(separator: ", "))
        let estimate = TimeEstimate(measured: try store?.timedRuns() ?? [])
        let left = runs.filter { !(stored[$0.key]?.status.isFinished ?? false) }
            .map { (shape: RunShape($0), stepsLeft: $0.run.training.steps) }
        if left.isEmpty {
            lines.append("nothing left to run")
        } else if !estimate.hasMeasurements {
            lines.append("no time estimate: no finished run in the database has measured its speed yet")
        } else if let seconds = estimate.secondsLeft(for: left, jobs: jobs) {
            lines.append("time left with \(jobs) job(s): about \(TimeText.duration(seconds)) "
                + "(from the median wall time per step of done runs of the same preset, task, optimizer and rank, or the nearest)")
        } else {
            lines.append("no time estimate: no done run of preset \(spec.preset) has measured its speed yet")
        }
        return lines.joined(separator: "\n")
    }

    /// Left-aligned columns separated by two spaces, without trailing spaces.
    static func table(header: [String], rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { column in
                column == row.count - 1 ? row[column] : row[column] + String(repeating: " ", count: widths[column] - row[column].count)
            }.joined(separator: "  ")
        }
    }
}
