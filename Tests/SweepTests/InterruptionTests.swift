import Foundation
import Model
import RiteCore
import Store
@testable import Sweep
import Testing
import Training

/// Stopping sweeps and workers, experiments of the same name, the order of a sweep's checks,
/// and its exit status.
@Suite struct InterruptionTests {
    func options(_ path: String, interruption: Interruption? = nil, replace: Bool = false) -> SweepOptions {
        var options = SweepOptions(databasePath: path, jobs: 2, policy: DeadWorkerPolicy(localHost: "here", probe: AlwaysAliveProbe()))
        options.pollInterval = 0.02
        options.interruption = interruption
        options.replace = replace
        options.stopGrace = 5
        return options
    }

    func coordinator(_ spec: ExperimentSpec, _ options: SweepOptions, executor: any RunExecutor = FakeExecutor()) throws -> SweepCoordinator {
        let printer = ProgressPrinter(isTerminal: false, summaryInterval: 0) { _ in }
        return SweepCoordinator(store: try ResultStore(path: options.databasePath), grid: SweepGrid(spec: spec, context: testContext()),
                                options: options, launcher: ThreadWorkerLauncher(executor: executor), printer: printer)
    }

    /// Item 1: a worker asked to stop (SIGTERM) mid-run puts its run back to pending at once,
    /// with nothing measured left and no crash charged, and asks to exit with 143.
    @Test func aStoppedWorkerPutsItsRunBackAtOnce() throws {
        let path = temporaryFolder() + "/rite.sqlite"
        let store = try ResultStore(path: path)
        let spec = try decodeSpec(smallSpecText)
        let runs = try SweepGrid(spec: spec, context: testContext()).phaseOne()
        try store.saveExperiment(ExperimentEntry(name: "small", specText: spec.text, specSHA256: SHA256.hex(spec.text),
                                                 sourcePath: spec.sourcePath, updatedAt: Date()))
        try store.syncMembers(of: "small", planned: runs.map(\.planned), prunes: { _ in true })
        let interruption = Interruption()
        let exits = ThreadWorkerLauncher.ThreadWorker()
        var settings = testSettings(experiment: "small")
        settings.interruption = interruption
        settings.exit = { exits.requestExit($0) }
        let executor = FakeExecutor(beforeStep: { _, step in if step == 12 { interruption.raise(SIGTERM) } })
        let summary = try SweepWorker(store: store, identity: worker("w1"), executor: executor, settings: settings).run()
        #expect(summary.done == 0 && summary.lost == 1)
        exits.finish(0)
        #expect(exits.exitStatus == 143)
        let first = try #require(try store.run(key: runs[0].key))
        #expect(first.status == .pending && first.workerID == nil && first.attempts == 1)
        #expect(try store.stepMetrics(runKey: first.key).isEmpty && store.evaluations(runKey: first.key).isEmpty)
        #expect(try store.crashCount(runKey: first.key) == 0)
        #expect(try store.members(of: "small").allSatisfy { $0.run.status == .pending }, "no run was claimed after the stop")
    }

    /// Item 1: SIGINT or SIGTERM to a sweep stops its workers, whose runs go back to pending; run
    /// again, the sweep finishes every run, none failed or charged.
    @Test func anInterruptedSweepStopsCleanlyAndResumes() throws {
        let path = temporaryFolder() + "/rite.sqlite"
        let spec = try decodeSpec(smallSpecText)
        let interruption = Interruption()
        let executor = FakeExecutor(sleepPerStep: 0.002, beforeStep: { run, step in
            if run.seed == 1 && step == 3 { interruption.raise(SIGINT) }
        })
        #expect(throws: SweepError.interrupted(signal: SIGINT)) {
            try coordinator(spec, options(path, interruption: interruption), executor: executor).run()
        }
        let store = try ResultStore(path: path)
        let members = try store.members(of: "small")
        #expect(!members.contains { $0.run.status == .running || $0.run.status == .failed })
        #expect(members.contains { $0.run.status == .pending })
        let result = try coordinator(spec, options(path)).run()
        #expect(result.counts == [.done: 8])
        #expect(try members.allSatisfy { try store.crashCount(runKey: $0.run.key) == 0 })
        #expect(SweepExitCode.status(of: result) == 0)
        #expect(SweepExitCode.status(of: SweepError.interrupted(signal: SIGINT)) == 130)
        #expect(SweepExitCode.status(of: SweepError.interrupted(signal: SIGTERM)) == 143)
    }

    /// Item 7: a sweep that finished with failed runs has exit status 2, not 0.
    @Test func aSweepWithFailedRunsExitsWithStatusTwo() throws {
        let path = temporaryFolder() + "/rite.sqlite"
        let executor = FakeExecutor(behavior: { $0.seed == 1 && $0.learningRate == 1e-4 ? .fail(message: "boom", step: 3) : .normal })
        let result = try coordinator(try decodeSpec(smallSpecText), options(path), executor: executor).run()
        #expect(result.counts == [.done: 6, .failed: 2])
        #expect(SweepExitCode.status(of: result) == SweepExitCode.runsFailed)
        #expect(SweepExitCode.runsFailed == 2)
    }

    /// Item 5: a second spec with the same name and other content is refused before it changes
    /// anything; with `replace` it takes over the name.
    @Test func aSecondSpecOfTheSameNameIsRefusedUnlessReplacing() throws {
        let path = temporaryFolder() + "/rite.sqlite"
        let first = try decodeSpec(smallSpecText, file: "experiments/a.yaml")
        #expect(try coordinator(first, options(path)).run().counts == [.done: 8])
        let other = try decodeSpec(smallSpecText.replacingOccurrences(of: "[1e-4, 1e-3]", with: "[1e-2]"), file: "experiments/b.yaml")
        do {
            _ = try coordinator(other, options(path)).run()
            Issue.record("the second spec was accepted")
        } catch let error as StoreError {
            guard case let .experimentConflict(name, storedPath, _, newPath, _) = error else { throw error }
            #expect(name == "small" && storedPath == "experiments/a.yaml" && newPath == "experiments/b.yaml")
            #expect(SweepExitCode.status(of: error) == SweepExitCode.nameConflict)
        }
        let store = try ResultStore(path: path)
        #expect(try store.members(of: "small").count == 8, "the refused spec pruned nothing")
        #expect(try store.experiment(named: "small")?.sourcePath == "experiments/a.yaml")
        // The same spec again is fine; the other one with replace takes over.
        #expect(try coordinator(first, options(path)).run().counts == [.done: 8])
        #expect(try coordinator(other, options(path, replace: true)).run().counts == [.done: 4])
        #expect(try store.experiment(named: "small")?.sourcePath == "experiments/b.yaml")
    }

    /// Item 5: a sweep whose experiment another sweep replaces stops instead of waiting forever
    /// for runs that are no longer its experiment's.
    @Test func aSweepWhoseExperimentIsReplacedStops() throws {
        let path = temporaryFolder() + "/rite.sqlite"
        let first = try decodeSpec(smallSpecText, file: "experiments/a.yaml")
        let other = try decodeSpec(smallSpecText.replacingOccurrences(of: "[1e-4, 1e-3]", with: "[1e-2]"), file: "experiments/b.yaml")
        let executor = FakeExecutor(beforeStep: { run, step in
            guard step == 2 && run.seed == 0 && run.learningRate == 1e-4 && run.optimizer.name == "adam" else { return }
            // The sweep's own connections may hold the write lock for a moment: try again rather than
            // let a busy database silently skip the replacement this test is about.
            for attempt in 1 ... 100 {
                do {
                    let store = try ResultStore(path: path, mode: .existing)
                    try store.saveExperiment(ExperimentEntry(name: "small", specText: other.text, specSHA256: SHA256.hex(other.text),
                                                             sourcePath: other.sourcePath, updatedAt: Date()), replacing: true)
                    return
                } catch {
                    if attempt == 100 { Issue.record("could not replace the experiment: \(error)") }
                    Thread.sleep(forTimeInterval: 0.02)
                }
            }
        })
        #expect(throws: SweepError.experimentReplaced(name: "small", by: "experiments/b.yaml")) {
            try coordinator(first, options(path), executor: executor).run()
        }
    }

    /// Item 6: a corrupt base checkpoint stops the sweep before the database exists.
    @Test func aCorruptBaseCheckpointStopsTheSweepBeforeTheDatabaseIsWritten() throws {
        let folder = temporaryFolder()
        let path = folder + "/rite.sqlite"
        let baseModels = BaseModels(directory: folder + "/base-models")
        try FileManager.default.createDirectory(atPath: baseModels.directory, withIntermediateDirectories: true)
        try Data("RITECKPT truncated".utf8).write(to: URL(fileURLWithPath: baseModels.path(for: .tiny)))
        let specPath = folder + "/small.yaml"
        try smallSpecText.write(toFile: specPath, atomically: true, encoding: .utf8)
        let backend = SweepBackend(vocabulary: testVocabulary, keyContext: testContext(), makeExecutor: { FakeExecutor() },
                                   prepareBaseModel: { _ in
                                       let file = try baseModels.ensure(.tiny) { _ in }
                                       return BaseCheckpoint(preset: "tiny", corpusVersion: "c", path: file.path, sha256: file.sha256,
                                                             createdAt: Date())
                                   })
        let session = SweepSession(specPath: specPath, options: options(path), backend: backend,
                                   launcher: ThreadWorkerLauncher(executor: FakeExecutor()),
                                   printer: ProgressPrinter(isTerminal: false) { _ in })
        #expect(throws: CheckpointError.self) { try session.run() }
        #expect(!FileManager.default.fileExists(atPath: path), "nothing is written before the checkpoint is checked")
    }

    /// Item 8: a sweep refuses a damaged database before it writes anything.
    @Test func aSweepRefusesADamagedDatabase() throws {
        let folder = temporaryFolder()
        let path = folder + "/rite.sqlite"
        try Data((0 ..< 8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }).write(to: URL(fileURLWithPath: path))
        let specPath = folder + "/small.yaml"
        try smallSpecText.write(toFile: specPath, atomically: true, encoding: .utf8)
        let backend = SweepBackend(vocabulary: testVocabulary, keyContext: testContext(), makeExecutor: { FakeExecutor() })
        let session = SweepSession(specPath: specPath, options: options(path), backend: backend,
                                   launcher: ThreadWorkerLauncher(executor: FakeExecutor()),
                                   printer: ProgressPrinter(isTerminal: false) { _ in })
        do {
            _ = try session.run()
            Issue.record("a damaged database was accepted")
        } catch let error as StoreError {
            guard case .damaged = error else { throw error }
            #expect(SweepExitCode.status(of: error) == SweepExitCode.damagedDatabase)
        }
    }
}
