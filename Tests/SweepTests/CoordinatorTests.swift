import Foundation
import RiteCore
import Store
@testable import Sweep
import Testing
import Training

/// Whole sweeps with workers as threads (each with its own database connection).
@Suite struct CoordinatorTests {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var text = ""
        func append(_ more: String) { lock.lock(); text += more; lock.unlock() }
        var all: String { lock.lock(); defer { lock.unlock() }; return text }
    }

    func sweep(_ spec: ExperimentSpec, path: String, executor: any RunExecutor = FakeExecutor(), jobs: Int = 2,
               shard: Shard = .whole, retryFailed: Bool = false, lines: Lines = Lines()) throws -> SweepResult {
        let store = try ResultStore(path: path)
        var options = SweepOptions(databasePath: path, jobs: jobs, policy: DeadWorkerPolicy(localHost: "here", probe: AlwaysAliveProbe()))
        options.shard = shard
        options.retryFailed = retryFailed
        options.pollInterval = 0.02
        let printer = ProgressPrinter(isTerminal: false, summaryInterval: 0) { lines.append($0) }
        return try SweepCoordinator(store: store, grid: SweepGrid(spec: spec, context: testContext()), options: options,
                                    launcher: ThreadWorkerLauncher(executor: executor), printer: printer).run()
    }

    @Test func fullSweepRunsEveryRunOnceAndResumesToNothing() throws {
        let path = temporaryFolder() + "/rite.sqlite"
        let spec = try decodeSpec(smallSpecText)
        let lines = Lines()
        let result = try sweep(spec, path: path, lines: lines)
        #expect(result.counts == [.done: 8])
        let store = try ResultStore(path: path)
        let members = try store.members(of: "small")
        #expect(members.count == 8 && members.allSatisfy { $0.run.status == .done && $0.run.attempts == 1 })
        #expect(try store.experiment(named: "small")?.specText == smallSpecText)
        #expect(lines.all.contains("[8/8] arc "))
        #expect(lines.all.contains(" done in "))
        // Started again: nothing left, no run started twice.
        let again = Lines()
        #expect(try sweep(spec, path: path, lines: again).counts == [.done: 8])
        #expect(try store.members(of: "small").allSatisfy { $0.run.attempts == 1 })
        #expect(again.all == "8 of 8 runs already finished\n")
    }

    @Test func firstSeedSearchAddsPhaseTwoAtTheDevBestRate() throws {
        let path = temporaryFolder() + "/rite.sqlite"
        var spec = try decodeSpec(smallSpecText)
        spec.seeds = [0, 1, 2]
        spec.learningRates = [1e-4, 1e-3, 1e-2]
        spec.selection.search = .firstSeed
        // Interrupted part-way through phase 1: two runs done by an earlier sweep.
        let store = try ResultStore(path: path)
        let grid = SweepGrid(spec: spec, context: testContext())
        let phaseOne = try grid.phaseOne()
        #expect(phaseOne.count == 6)
        try store.saveExperiment(ExperimentEntry(name: "small", specText: spec.text, specSHA256: SHA256.hex(spec.text),
                                                 sourcePath: spec.sourcePath, updatedAt: Date()))
        try store.syncMembers(of: "small", planned: phaseOne.map(\.planned), prunes: { _ in true })
        let early = SweepWorker(store: store, identity: worker("early"), executor: FakeExecutor(), settings: testSettings(experiment: "small"))
        let alive = DeadWorkerPolicy(localHost: "here", probe: AlwaysAliveProbe())
        for _ in 0 ..< 2 {
            try store.registerWorker(worker("early"))
            let claimed = try #require(try store.claimNextRun(of: "small", includes: { _ in true }, worker: worker("early"), stamp: testStamp, policy: alive))
            try early.execute(claimed)
        }
        #expect(try store.members(of: "small").filter { $0.run.status == .done }.count == 2)

        let result = try sweep(spec, path: path)
        #expect(result.counts == [.done: 10])
        let members = try store.members(of: "small")
        #expect(members.filter { $0.phase == 1 }.count == 6)
        let two = members.filter { $0.phase == 2 }
        #expect(two.count == 4) // 2 optimizers x seeds 1 and 2
        // FakeExecutor's dev accuracy peaks at 1e-3.
        #expect(two.allSatisfy { $0.run.learningRate == 1e-3 && $0.run.seed != 0 })
        #expect(Set(two.map(\.run.seed)) == [1, 2])
        #expect(members.map(\.ordinal) == Array(0 ..< 10)) // phase 2 continues phase 1's numbering
    }

    @Test func oneRunFailingDoesNotStopTheSweepAndRetryFailedRerunsIt() throws {
        let path = temporaryFolder() + "/rite.sqlite"
        let spec = try decodeSpec(smallSpecText)
        let broken = FakeExecutor(behavior: { $0.seed == 1 && $0.learningRate == 1e-4 && $0.optimizer.name == "adam" ? .fail(message: "boom", step: 3) : .normal })
        let lines = Lines()
        #expect(try sweep(spec, path: path, executor: broken, lines: lines).counts == [.done: 7, .failed: 1])
        #expect(lines.all.contains(": failed in "))
        #expect(lines.all.contains(": boom"))
        let store = try ResultStore(path: path)
        let status = try StatusReport.render(store: store, policy: DeadWorkerPolicy(localHost: "here", probe: AlwaysAliveProbe()))
        let failedKey = try #require(try store.members(of: "small").first { $0.run.status == .failed }).run.key
        #expect(status == """
        small: 8 runs: 0 pending, 0 running, 7 done, 1 failed, 0 diverged, 0 did-not-learn
          last problems:
            failed arc adam r16 lr=0.0001 seed=1 [\(failedKey.prefix(12))]: boom
        """)
        // Without --retry-failed the failed run stays failed; with it, it runs again.
        #expect(try sweep(spec, path: path).counts == [.done: 7, .failed: 1])
        #expect(try sweep(spec, path: path, retryFailed: true).counts == [.done: 8])
    }

    @Test func shardSweepsMergeIntoTheWholeSweep() throws {
        let folder = temporaryFolder()
        var spec = try decodeSpec(smallSpecText)
        spec.learningRates = [1e-4, 2e-4, 5e-4, 1e-3]
        let whole = try sweep(spec, path: folder + "/whole.sqlite", jobs: 2)
        #expect(whole.counts == [.done: 16])
        var shardCounts: [Int] = []
        for index in 1 ... 3 {
            let result = try sweep(spec, path: folder + "/shard\(index).sqlite", jobs: 1, shard: Shard("\(index)/3")!)
            shardCounts.append(result.counts[.done, default: 0])
            #expect(result.counts.keys.allSatisfy { $0 == .done })
        }
        #expect(shardCounts.reduce(0, +) == 16)
        let merged = try ResultStore(path: folder + "/merged.sqlite")
        var added = 0
        for index in 1 ... 3 {
            let report = try merged.merge(from: try ResultStore(path: folder + "/shard\(index).sqlite", mode: .existing))
            added += report.added
            #expect(report.conflicts.isEmpty && report.replaced == 0)
        }
        #expect(added == 16)
        let reference = try ResultStore(path: folder + "/whole.sqlite", mode: .existing)
        let mergedMembers = try merged.members(of: "small")
        #expect(mergedMembers.map(\.run.key).sorted() == (try reference.members(of: "small")).map(\.run.key).sorted())
        for member in mergedMembers {
            #expect(try merged.finalScores(runKey: member.run.key) == (try reference.finalScores(runKey: member.run.key)))
            #expect(try merged.stepMetrics(runKey: member.run.key) == (try reference.stepMetrics(runKey: member.run.key)))
        }
        // Merging a shard again changes nothing.
        let again = try merged.merge(from: try ResultStore(path: folder + "/shard1.sqlite", mode: .existing))
        #expect(again.added == 0 && again.replaced == 0 && again.unchanged == shardCounts[0])
    }

    @Test func firstSeedSearchOnAShardWaitsForTheOtherShards() throws {
        let folder = temporaryFolder()
        var spec = try decodeSpec(smallSpecText)
        spec.seeds = [0, 1]
        spec.learningRates = [1e-4, 2e-4, 5e-4, 1e-3]
        spec.selection.search = .firstSeed
        let phaseOne = try SweepGrid(spec: spec, context: testContext()).phaseOne()
        let shard = Shard("1/2")!
        let mine = phaseOne.filter { shard.contains(key: $0.key) }.count
        #expect(mine > 0 && mine < phaseOne.count, "the test needs phase 1 split across both shards")
        let first = try sweep(spec, path: folder + "/a.sqlite", shard: shard)
        #expect(first.waitingForOtherShards && first.counts == [.done: mine])
        let second = try sweep(spec, path: folder + "/b.sqlite", shard: Shard("2/2")!)
        #expect(second.waitingForOtherShards)
        // After merging, each shard (on a copy of the merged database) runs its share of phase 2.
        let merged = try ResultStore(path: folder + "/merged.sqlite")
        _ = try merged.merge(from: try ResultStore(path: folder + "/a.sqlite", mode: .existing))
        _ = try merged.merge(from: try ResultStore(path: folder + "/b.sqlite", mode: .existing))
        let finalA = try sweep(spec, path: folder + "/merged.sqlite", shard: shard)
        let finalB = try sweep(spec, path: folder + "/merged.sqlite", shard: Shard("2/2")!)
        #expect(!finalA.waitingForOtherShards && !finalB.waitingForOtherShards)
        let members = try merged.members(of: "small")
        #expect(members.count == 8 + 2 && members.allSatisfy { $0.run.status == .done })
    }

    @Test func dryRunPrintsTheGridAndWritesNothing() throws {
        let folder = temporaryFolder()
        let spec = try decodeSpec(smallSpecText, file: "experiments/small.yaml")
        let grid = SweepGrid(spec: spec, context: testContext())
        let before = try SweepDryRun.render(grid: grid, store: nil, shard: .whole, jobs: 2)
        let lines = before.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "experiment small (experiments/small.yaml), preset tiny")
        #expect(lines[1] == "grid: 1 task(s) x 2 optimizer(s) x 1 rank(s) x 2 learning rate(s) x 2 seed(s) = 8 runs")
        #expect(lines[3] == "#  key           status   task  optimizer  rank  learning rate  seed")
        #expect(lines[4].hasPrefix("1  ") && lines[4].hasSuffix("pending  arc   adam       16    0.0001         0"))
        #expect(lines.suffix(2) == ["pending 8, running 0, done 0, failed 0, diverged 0, did-not-learn 0",
                                    "no time estimate: no finished run in the database has measured its speed yet"])
        #expect(!FileManager.default.fileExists(atPath: folder + "/rite.sqlite"))

        // Half done (one seed): an estimate from the measured speed.
        let path = folder + "/rite.sqlite"
        var oneSeed = spec
        oneSeed.seeds = [0]
        _ = try sweep(oneSeed, path: path)
        let store = try ResultStore(path: path, mode: .existing)
        let partial = try SweepDryRun.render(grid: grid, store: store, shard: .whole, jobs: 2)
        #expect(partial.contains("pending 4, running 0, done 4, failed 0, diverged 0, did-not-learn 0"))
        #expect(partial.contains("time left with 2 job(s): about "))
        let shard = try SweepDryRun.render(grid: grid, store: store, shard: Shard("1/2")!, jobs: 2)
        #expect(shard.contains("shard 1/2: "))
        _ = try sweep(spec, path: path)
        #expect(try SweepDryRun.render(grid: grid, store: store, shard: .whole, jobs: 2).hasSuffix("nothing left to run"))
    }

    @Test func progressLineShowsRunningRunsAndEstimate() throws {
        let store = try ResultStore(path: temporaryFolder() + "/rite.sqlite")
        let options = SweepOptions(databasePath: store.path, jobs: 2, policy: DeadWorkerPolicy(localHost: "here", probe: AlwaysAliveProbe()))
        let spec = try decodeSpec(smallSpecText)
        let coordinator = SweepCoordinator(store: store, grid: SweepGrid(spec: spec, context: testContext()), options: options,
                                           launcher: ThreadWorkerLauncher(executor: FakeExecutor()),
                                           printer: ProgressPrinter(isTerminal: true) { _ in })
        func run(_ status: RunStatus, _ lastStep: Int, wall: Double? = nil) -> StoredRun {
            StoredRun(key: UUID().uuidString, experiment: "small", configJSON: "", preset: "tiny", task: "arc", optimizer: "adam",
                      rank: 16, learningRate: 2e-4, seed: 0, steps: 100, status: status, lastStep: lastStep, createdAt: Date(),
                      wallSeconds: wall)
        }
        let runs = [run(.done, 100, wall: 10), run(.running, 40), run(.pending, 0), run(.failed, 3)]
        let estimate = TimeEstimate(measured: [runs[0]])
        // Left: 60 + 100 steps at 0.1 wall seconds per step over 2 jobs = 8 s.
        #expect(coordinator.progressLine(runs, total: 4, estimate: estimate)
            == "1/4 done, 1 failed | running: adam lr=0.0002 seed=0 40/100 | ETA 8s")
        #expect(coordinator.progressLine(runs, total: 4, estimate: TimeEstimate(measured: [])).hasSuffix("| ETA unknown"))
        var written = ""
        let printer = ProgressPrinter(isTerminal: true, width: 20) { written += $0 }
        printer.live("0123456789012345678901234")
        printer.line("event")
        #expect(written == "\r\u{1B}[2K012345678901234567…\r\u{1B}[2Kevent\n")
        #expect(TimeText.duration(45) == "45s" && TimeText.duration(725) == "12m 05s" && TimeText.duration(10920) == "3h 02m")
    }
}
