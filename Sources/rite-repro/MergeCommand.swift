import ArgumentParser
import RiteCore
import Store
import Sweep

/// `rite-repro merge OUT IN...`: merges shard databases into one.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge databases (for example the shards of a sweep) into one, without duplicates.",
        discussion: """
        Runs are matched by key. For a key both hold, a done run wins over a diverged one, a diverged \
        over a failed one, a failed over a pending one. Two done runs with different final scores are \
        listed as conflicts (the output's result is kept) and the command exits with status 2. \
        Inputs older than this build's schema are upgraded in place.
        """
    )

    @Argument(help: "The database to merge into (created if missing).")
    var output: String

    @Argument(help: "The databases to merge in.")
    var inputs: [String] = []

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one database to merge in") }
        if inputs.contains(output) { throw ValidationError("the output \(output) is also an input") }
    }

    func run() throws {
        let target = try ResultStore(path: output)
        var conflicts = 0
        for input in inputs {
            let report = try target.merge(from: try ResultStore(path: input, mode: .existing))
            print("\(input): \(report.added) run(s) added, \(report.replaced) replaced, \(report.unchanged) already present, "
                + "\(report.conflicts.count) conflict(s)")
            for name in report.specConflicts {
                print("  experiment \(name): its spec differs from the one in \(output) (kept \(output)'s)")
            }
            for conflict in report.conflicts {
                let text = { (scores: [FinalScore]) in
                    scores.map { "\($0.split)/\($0.metric)=\(CanonicalJSON.format($0.value))" }.joined(separator: " ")
                }
                print("  conflict \(conflict.runKey): kept \(text(conflict.kept)); ignored \(text(conflict.ignored))")
            }
            conflicts += report.conflicts.count
        }
        if conflicts > 0 { throw ExitCode(2) }
    }
}
