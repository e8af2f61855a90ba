import Foundation
import RiteCore
@testable import Store
import Testing

/// Runs that belong to no experiment are listed and removed with everything that references them;
/// members of any experiment stay.
@Suite struct PruneTests {
    @Test func orphansAreListedAndRemovedWithTheirMetrics() throws {
        let store = try storeWithRuns(3)
        let first = try complete(store, .done(scores: [FinalScore(split: "dev", metric: "accuracy", value: 0.5)]))
        let second = try complete(store, .didNotLearn(scores: [FinalScore(split: "dev", metric: "accuracy", value: 0.25)],
                                                      reason: "flat"))
        // The spec changes: the grid now plans only run 2, so runs 0 and 1 belong to no experiment.
        try store.syncMembers(of: "e", planned: [PlannedRun(run: newRun(2), ordinal: 0, phase: 1)], prunes: { _ in true })
        #expect(try store.orphanRuns().map(\.key).sorted() == [first, second].sorted())
        #expect(try store.run(key: second)?.status == .didNotLearn)
        #expect(try store.deleteOrphanRuns() == 2)
        #expect(try store.orphanRuns().isEmpty)
        #expect(try store.run(key: first) == nil)
        #expect(try store.stepMetrics(runKey: first).isEmpty && store.finalScores(runKey: first).isEmpty)
        #expect(try store.rows(sql: "SELECT count(*) FROM run_numbers") == ["0"])
        #expect(try store.members(of: "e").map(\.run.key) == [newRun(2).key])
        #expect(try store.deleteOrphanRuns() == 0)
    }
}
