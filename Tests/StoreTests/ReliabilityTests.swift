import Foundation
import RiteCore
@testable import Store
import Testing

/// A probe with a fixed table of live processes that records which pids it was asked to stop.
final class RecordingProbe: ProcessProbe, @unchecked Sendable {
    private let lock = NSLock()
    private var tokens: [Int32: String]
    private var stops: [Int32] = []

    init(tokens: [Int32: String]) { self.tokens = tokens }

    func startToken(of pid: Int32) -> String? { lock.lock(); defer { lock.unlock() }; return tokens[pid] }
    func stop(pid: Int32) { lock.lock(); stops.append(pid); tokens[pid] = nil; lock.unlock() }
    var stopped: [Int32] { lock.lock(); defer { lock.unlock() }; return stops }
}

/// Interruptions, crashes, hangs and damaged files.
@Suite struct ReliabilityTests {
    func worker(_ id: String, pid: Int32, sweep: Int32?, heartbeat: Date = Date()) -> WorkerInfo {
        WorkerInfo(id: id, host: "here", pid: pid, processStart: "p\(pid)", command: "test", startedAt: heartbeat,
                   heartbeatAt: heartbeat, sweepPID: sweep, sweepStart: sweep.map { "p\($0)" })
    }

    /// Every process is alive and is the one recorded (`p<pid>`).
    struct MatchingProbe: ProcessProbe {
        func startToken(of pid: Int32) -> String? { "p\(pid)" }
    }

    /// Claims run `key` as `worker` (whose process is alive at that moment).
    func claim(_ store: ResultStore, _ worker: WorkerInfo, key: String) throws -> ClaimedRun {
        try store.registerWorker(worker)
        let alive = DeadWorkerPolicy(localHost: "here", probe: MatchingProbe())
        return try #require(try store.claimNextRun(of: "e", includes: { $0 == key }, worker: worker, stamp: stamp, policy: alive))
    }

    /// Item 1: killing a sweep together with its workers (kill -9 of the group, a reboot, a
    /// preemption) while the same run is in progress, any number of times, never fails that run.
    @Test func runsKilledWithTheirSweepAreNeverCharged() throws {
        let store = try storeWithRuns(2)
        let key = newRun(0).key
        // Neither the worker (pid 10 + round) nor its sweep (pid 500 + round) is alive afterwards.
        let policy = DeadWorkerPolicy(localHost: "here", probe: RecordingProbe(tokens: [:]))
        for round in 1 ... 5 {
            let claimed = try claim(store, worker("w\(round)", pid: Int32(10 + round), sweep: Int32(500 + round)), key: key)
            try store.recordProgress(claimed.claim, metrics: MetricBatch(steps: [
                StepMetric(step: 1, trainLoss: 1, learningRate: 1, aNorm: 1, bNorm: 0, aUpdateRatio: nil, bUpdateRatio: nil),
            ]), lastStep: 1)
            let abandoned = try store.requeueAbandonedRuns(policy: policy)
            #expect(abandoned == [AbandonedRun(key: key, evidence: "worker w\(round) (pid \(10 + round)) is no longer running",
                                               newStatus: .pending, charged: false)])
        }
        let run = try #require(try store.run(key: key))
        #expect(run.status == .pending && run.attempts == 5 && run.errorText == nil)
        #expect(try store.crashCount(runKey: key) == 0)
        #expect(try store.stepMetrics(runKey: key).isEmpty)
    }

    /// A worker that dies while its sweep is alive crashed on its own: the run is charged, and
    /// after three crashes it is failed with the evidence, so a crashing run cannot loop forever.
    @Test func aWorkerThatDiesWhileItsSweepLivesIsChargedAndFailsAfterThree() throws {
        let store = try storeWithRuns(1)
        let key = newRun(0).key
        let probe = RecordingProbe(tokens: [900: "p900"]) // the sweep, alive; the workers are gone
        let policy = DeadWorkerPolicy(localHost: "here", probe: probe)
        for round in 1 ... 3 {
            _ = try claim(store, worker("w\(round)", pid: Int32(round), sweep: 900), key: key)
            let abandoned = try store.requeueAbandonedRuns(policy: policy)
            #expect(abandoned.map(\.charged) == [true])
            #expect(abandoned.map(\.newStatus) == [round < 3 ? .pending : .failed])
            #expect(try store.crashCount(runKey: key) == round)
        }
        let run = try #require(try store.run(key: key))
        #expect(run.status == .failed)
        #expect(run.errorText == "its worker crashed 3 time(s) while running it; last time: worker w3 (pid 3) is no longer running")
        // --retry-failed forgets the crashes.
        #expect(try store.requeueFailedRuns(of: "e", includes: { _ in true }) == 1)
        #expect(try store.crashCount(runKey: key) == 0)
    }

    /// Item 2: a local worker whose process is alive but silent past the hang timeout is stopped
    /// and its run taken back (charged: the run hung); one that beat recently is left alone.
    @Test func aHungLocalWorkerIsStoppedAndItsRunTakenBack() throws {
        let store = try storeWithRuns(2)
        let now = Date()
        let probe = RecordingProbe(tokens: [7: "p7", 8: "p8", 900: "p900"])
        let policy = DeadWorkerPolicy(localHost: "here", probe: probe, hangTimeout: 60)
        let hung = try claim(store, worker("hung", pid: 7, sweep: 900), key: newRun(0).key)
        let busy = try claim(store, worker("busy", pid: 8, sweep: 900), key: newRun(1).key)
        try store.heartbeat(workerID: "hung", at: now - 61)
        try store.heartbeat(workerID: "busy", at: now - 30)
        #expect(policy.verdict(on: try store.worker(id: "busy"), now: now) == nil)

        let stored = try #require(try store.worker(id: "hung"))
        #expect(policy.verdict(on: stored, now: now)?.stopPID == 7, "heartbeat \(stored.heartbeatAt) at \(now)")
        let abandoned = try store.requeueAbandonedRuns(policy: policy, now: now)
        #expect(probe.stopped == [7])
        #expect(abandoned == [AbandonedRun(key: hung.run.key, evidence: "worker hung (pid 7) is alive but has not sent a heartbeat "
                                               + "for 61 s (hung after 60 s)", newStatus: .pending, charged: true)])
        #expect(try store.run(key: hung.run.key)?.status == .pending)
        #expect(try store.run(key: busy.run.key)?.status == .running)
        #expect(try store.worker(id: "hung")?.exitedAt != nil)
        #expect(try store.crashCount(runKey: hung.run.key) == 1)
        // The stopped worker's late writes are refused.
        #expect(throws: StoreError.claimLost(runKey: hung.run.key, workerID: "hung", attempt: 1)) {
            try store.recordProgress(hung.claim, metrics: MetricBatch(), lastStep: 3)
        }
    }

    /// A worker asked to stop (SIGINT, SIGTERM) puts its run back at once, uncharged, metrics gone.
    @Test func aReleasedRunIsPendingAtOnceWithoutACharge() throws {
        let store = try storeWithRuns(1)
        let claimed = try claim(store, worker("w", pid: 1, sweep: 2), key: newRun(0).key)
        try store.recordProgress(claimed.claim, metrics: MetricBatch(steps: [
            StepMetric(step: 1, trainLoss: 1, learningRate: 1, aNorm: 1, bNorm: 0, aUpdateRatio: nil, bUpdateRatio: nil),
        ], evaluations: [Evaluation(step: 1, split: "dev", metric: "accuracy", value: 0.5)]), lastStep: 1)
        #expect(try store.releaseRun(claimed.claim))
        let run = try #require(try store.run(key: claimed.run.key))
        #expect(run.status == .pending && run.workerID == nil && run.lastStep == 0)
        #expect(try store.stepMetrics(runKey: run.key).isEmpty && store.evaluations(runKey: run.key).isEmpty)
        #expect(try store.crashCount(runKey: run.key) == 0)
        #expect(try !store.releaseRun(claimed.claim), "a claim released once holds nothing")
    }

    /// Item 8: a file with two pages overwritten by random bytes is refused by an open that checks
    /// (nothing is migrated or written), and the full check says what is wrong.
    @Test func aDatabaseWithOverwrittenPagesIsFoundDamaged() throws {
        let path = temporaryDatabase()
        do {
            let store = try storeWithRuns(400, path: path)
            for _ in 0 ..< 40 { try complete(store, .done(scores: [FinalScore(split: "dev", metric: "accuracy", value: 0.5)]), steps: 20) }
            #expect(try store.integrityProblems(.full).isEmpty)
        } // closing the last connection checkpoints the WAL into the file
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let pages = try #require(FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) / 4096
        #expect(pages > 8)
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        var generator = SystemRandomNumberGenerator()
        for page in [pages / 3, 2 * pages / 3] {
            try handle.seek(toOffset: UInt64(page * 4096))
            handle.write(Data((0 ..< 4096).map { _ in UInt8.random(in: 0 ... 255, using: &generator) }))
        }
        try handle.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        #expect(throws: StoreError.self) { try ResultStore(path: path, check: .quick) }
        do {
            _ = try ResultStore(path: path, check: .quick)
        } catch let StoreError.damaged(damagedPath, problems) {
            #expect(damagedPath == path && !problems.isEmpty)
        }
        let after = try Data(contentsOf: URL(fileURLWithPath: path))
        let firstDifference = zip(before, after).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(after == before, "the check writes nothing (size \(before.count) -> \(after.count), first change at \(String(describing: firstDifference)))")
        let unchecked = try ResultStore(path: path, mode: .existing)
        #expect(try !unchecked.integrityProblems(.full).isEmpty)
    }
}
