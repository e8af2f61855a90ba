import ArgumentParser
import Foundation
import Store
import Sweep

/// `rite-repro prune`: lists, then removes, the runs that belong to no experiment.
struct PruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Remove the runs that belong to no experiment (stale runs of older specs, generators or numerics).",
        discussion: """
        A run belongs to an experiment while the experiment's current grid plans it. When a spec, a task \
        generator or the numerics version changes, the next sweep plans new runs and the old ones belong \
        to no experiment: no table shows them. prune lists them by experiment of origin and status and \
        deletes them with their metrics and scores; --dry-run only lists them. --vacuum then rewrites the \
        file without the space deleted rows leave behind (do this before committing a store).
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "List the runs that would be removed; remove nothing.")
    var dryRun = false

    @Flag(help: "After removing, rewrite the file without its free pages (it keeps its size until then).")
    var vacuum = false

    func validate() throws {
        if dryRun && vacuum { throw ValidationError("--dry-run changes nothing; it cannot be combined with --vacuum") }
    }

    func run() throws {
        let store = try ResultStore(path: database.path, mode: .existing)
        let orphans = try store.orphanRuns()
        var groups: [String: Int] = [:]
        for run in orphans { groups["\(run.experiment) \(run.status.rawValue)", default: 0] += 1 }
        for (group, count) in groups.sorted(by: { $0.key < $1.key }) { print("\(count) \(group)") }
        if orphans.isEmpty {
            print("no run belongs to no experiment")
        } else if dryRun {
            print("\(orphans.count) run(s) belong to no experiment; run without --dry-run to remove them")
        } else {
            let removed = try store.deleteOrphanRuns()
            print("removed \(removed) run(s) that belonged to no experiment")
        }
        if vacuum {
            let before = try Self.fileSize(database.path)
            try store.vacuum()
            print("vacuumed \(database.path): \(before) -> \(try Self.fileSize(database.path)) bytes")
        }
    }

    static func fileSize(_ path: String) throws -> UInt64 {
        guard let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber else {
            throw CocoaError(.fileReadUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return size.uint64Value
    }
}
