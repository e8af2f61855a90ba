import Foundation
import Testing
@testable import Store

/// Saving an experiment's spec again changes the stored row only when the spec changed.
@Suite struct ExperimentEntryTests {
    @Test func theSameSpecAgainKeepsTheStoredRowAndAChangedOneReplacesIt() throws {
        let store = try ResultStore(path: temporaryDatabase())
        let first = Date(timeIntervalSince1970: 1_000_000)
        let entry = ExperimentEntry(name: "e", specText: "name: e", specSHA256: "h1", sourcePath: "e.yaml", updatedAt: first)
        #expect(try store.saveExperiment(entry, replacing: false) == nil)

        var again = entry
        again.updatedAt = Date(timeIntervalSince1970: 2_000_000)
        #expect(try store.saveExperiment(again, replacing: false) == nil)
        let kept = try #require(try store.experiment(named: "e"))
        #expect(abs(kept.updatedAt.timeIntervalSince(first)) < 0.01)

        var changed = again
        changed.specText = "name: e\nseeds: [1]"
        changed.specSHA256 = "h2"
        #expect(throws: StoreError.self) { try store.saveExperiment(changed, replacing: false) }
        #expect(try store.saveExperiment(changed, replacing: true)?.specSHA256 == "h1")
        #expect(try store.experiment(named: "e")?.specSHA256 == "h2")
    }
}
