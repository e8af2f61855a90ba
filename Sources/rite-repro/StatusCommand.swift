import ArgumentParser
import Foundation
import Store
import Sweep

/// `rite-repro status`: what is done, running, failed or diverged, per experiment.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show, per experiment, how many runs are pending, running, done, failed or diverged, and the last errors.",
        discussion: """
        With --check, SQLite's full integrity check (and the foreign-key check) runs first and says what is \
        wrong; a damaged file exits with status 3 and nothing else is read.
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "How many of the most recent failed or diverged runs to show per experiment.")
    var errors: Int = 5

    @Flag(help: "Run SQLite's integrity check on the database first and report any damage (exit status 3).")
    var check = false

    func validate() throws {
        if errors < 0 { throw ValidationError("--errors must be >= 0, got \(errors)") }
    }

    func run() throws {
        if check {
            guard FileManager.default.fileExists(atPath: database.path) else { throw StoreError.missingDatabase(path: database.path) }
            do {
                try ResultStore.verify(path: database.path, check: .full)
            } catch let error as StoreError {
                FileHandle.standardError.write(Data("rite-repro status: \(error)\n".utf8))
                throw ExitCode(SweepExitCode.damagedDatabase)
            }
            print("\(database.path): SQLite's integrity check found no damage")
        }
        let store = try ResultStore(path: database.path, mode: .existing)
        let policy = DeadWorkerPolicy(localHost: LocalProcessProbe.hostName, probe: LocalProcessProbe())
        print(try StatusReport.render(store: store, policy: policy, problems: errors))
    }
}
