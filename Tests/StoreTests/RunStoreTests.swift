import Foundation
import RiteCore
@testable import Store
import Testing

@Suite struct RunStoreTests {
    @Test func membersKeepDoneRunsAndPruneOnlyTheirShare() throws {
        let store = try storeWithRuns(4)
        try complete(store, .done(scores: [FinalScore(split: "dev", metric: "accuracy", value: 0.7)]))
        // Re-planning with runs 0, 1 and a new run 9: 0 stays done; 2 is pruned, 3 is not ours to prune.
        let planned = [0, 1, 9].enumerated().map { PlannedRun(run: newRun($1), ordinal: $0, phase: 1) }
        let created = try store.syncMembers(of: "e", planned: planned, prunes: { $0 != newRun(3).key })
        #expect(created == 1)
        let members = try store.members(of: "e")
        // In grid order: the planned runs at their new positions, then the unpruned run 3 at its old one.
        #expect(members.map(\.run.key) == [0, 1, 9, 3].map { newRun($0).key })
        #expect(members.map(\.ordinal) == [0, 1, 2, 3])
        #expect(try store.run(key: newRun(0).key)?.status == .done)
        #expect(try store.run(key: newRun(2).key) != nil, "a pruned member's run stays in the store")
    }

    @Test func claimsFollowGridOrderAndClearLeftovers() throws {
        let store = try storeWithRuns(3)
        try store.registerWorker(testWorker("w"))
        let first = try #require(try store.claimNextRun(of: "e", includes: { _ in true }, worker: testWorker("w"), stamp: stamp, policy: alivePolicy))
        #expect(first.run.key == newRun(0).key && first.claim.attempt == 1)
        #expect(first.run.status == .running && first.run.workerID == "w" && first.run.gitCommit == "c0ffee")
        let second = try #require(try store.claimNextRun(of: "e", includes: { $0 != newRun(1).key }, worker: testWorker("w"), stamp: stamp, policy: alivePolicy))
        #expect(second.run.key == newRun(2).key, "the filter (a shard) skips run 1")
        #expect(try store.claimNextRun(of: "e", includes: { $0 != newRun(1).key }, worker: testWorker("w"), stamp: stamp, policy: alivePolicy) == nil)
        #expect(try store.claimNextRun(of: "other", includes: { _ in true }, worker: testWorker("w"), stamp: stamp, policy: alivePolicy) == nil)
    }

    @Test func finishingRecordsTimesScoresAndSpeed() throws {
        let store = try storeWithRuns(3)
        let done = try complete(store, .done(scores: [FinalScore(split: "test", metric: "accuracy", value: 0.6),
                                                      FinalScore(split: "dev", metric: "accuracy", value: 0.7)]), steps: 4)
        let run = try #require(try store.run(key: done))
        #expect(run.status == .done && run.lastStep == 4 && run.wallSeconds == 2 && run.stepsPerSecond == 2)
        #expect(try store.finalScores(runKey: done).map(\.split) == ["dev", "test"])
        // With the executor's training time, speed is training steps over training seconds alone.
        let timed = try complete(store, .done(scores: []), steps: 4, trainingSeconds: 0.5)
        #expect(try store.run(key: timed)?.stepsPerSecond == 8)
        #expect(try store.run(key: timed)?.wallSeconds == 2)
        #expect(try store.stepMetrics(runKey: done).map(\.step) == [1, 2, 3, 4])
        try store.syncMembers(of: "e", planned: (0 ..< 4).map { PlannedRun(run: newRun($0), ordinal: $0, phase: 1) }, prunes: { _ in true })
        let diverged = try complete(store, .diverged(step: 3, reason: "loss is nan"))
        let failed = try complete(store, .failed(message: "boom"))
        #expect(try store.run(key: diverged)?.divergedStep == 3)
        #expect(try store.run(key: diverged)?.errorText == "loss is nan")
        #expect(try store.recentProblems(of: "e", limit: 5).map(\.key).sorted() == [diverged, failed].sorted())
        #expect(try store.timedRuns().map(\.key) == [done, timed].sorted())
        #expect(try store.requeueFailedRuns(of: "e", includes: { _ in true }) == 1)
        #expect(try store.run(key: failed)?.status == .pending)
        #expect(try store.run(key: diverged)?.status == .diverged)
    }

    @Test func mergeKeepsTheBestStateAndReportsConflicts() throws {
        let outPath = temporaryDatabase(), inPath = temporaryDatabase()
        let output = try storeWithRuns(5, path: outPath)
        let input = try storeWithRuns(6, path: inPath)
        let score = { (value: Double) in [FinalScore(split: "dev", metric: "accuracy", value: value)] }
        // Run 5: only in the input, done, and finished there first, so its run number in the input
        // file is the one run 0 has in the output file: the copy must take a number of its own.
        try complete(input, .done(scores: score(0.3)), steps: 7, only: newRun(5).key)
        // Run 0: done in both, same scores. Run 1: done in both, different scores (conflict).
        try complete(output, .done(scores: score(0.5)), only: newRun(0).key)
        try complete(input, .done(scores: score(0.5)), only: newRun(0).key)
        try complete(output, .done(scores: score(0.5)), only: newRun(1).key)
        try complete(input, .done(scores: score(0.9)), only: newRun(1).key)
        // Run 2: failed in the output, done in the input (replaced). Run 3: done in output, diverged in input (kept).
        try complete(output, .failed(message: "x"), only: newRun(2).key)
        try complete(input, .done(scores: score(0.8)), steps: 5, only: newRun(2).key)
        try complete(output, .done(scores: score(0.4)), only: newRun(3).key)
        try complete(input, .diverged(step: 2, reason: "nan"), only: newRun(3).key)
        // Run 4: pending in the output, running in the input (stays pending).
        try input.registerWorker(testWorker("gone"))
        _ = try input.claimNextRun(of: "e", includes: { $0 == newRun(4).key }, worker: testWorker("gone"), stamp: stamp, policy: alivePolicy)

        let report = try output.merge(from: input)
        #expect(report.added == 1 && report.replaced == 1 && report.unchanged == 3)
        #expect(report.conflicts == [MergeConflict(runKey: newRun(1).key, kept: score(0.5), ignored: score(0.9))])
        #expect(report.specConflicts.isEmpty)
        #expect(try output.run(key: newRun(2).key)?.status == .done)
        #expect(try output.finalScores(runKey: newRun(2).key) == score(0.8))
        #expect(try output.stepMetrics(runKey: newRun(2).key).count == 5)
        #expect(try output.run(key: newRun(3).key)?.status == .done)
        #expect(try output.run(key: newRun(4).key)?.status == .pending)
        #expect(try output.run(key: newRun(5).key)?.status == .done)
        #expect(try output.finalScores(runKey: newRun(5).key) == score(0.3))
        #expect(try output.stepMetrics(runKey: newRun(5).key) == input.stepMetrics(runKey: newRun(5).key))
        #expect(try output.stepMetrics(runKey: newRun(5).key).count == 7)
        #expect(try output.stepMetrics(runKey: newRun(0).key).count == 3)
        #expect(try output.members(of: "e").count == 6)
        #expect(try output.allRuns().count == 6, "no duplicates")
        // Again: nothing new; the conflict is still reported.
        let again = try output.merge(from: input)
        #expect(again.added == 0 && again.replaced == 0 && again.conflicts.count == 1)
        #expect(throws: StoreError.self) { try output.merge(from: output) }
    }

    @Test func mergeCopiesARunningRunAsPending() throws {
        let output = try ResultStore(path: temporaryDatabase())
        let input = try storeWithRuns(1)
        try input.registerWorker(testWorker("gone"))
        _ = try input.claimNextRun(of: "e", includes: { _ in true }, worker: testWorker("gone"), stamp: stamp, policy: alivePolicy)
        #expect(try output.merge(from: input).added == 1)
        let copied = try #require(try output.run(key: newRun(0).key))
        #expect(copied.status == .pending && copied.workerID == nil)
        #expect(try output.experiments().map(\.name) == ["e"])
    }
}
