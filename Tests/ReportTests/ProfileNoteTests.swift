import Foundation
@testable import Report
import Store
import Testing

/// Tables and claims tell an experiment the profile does not declare (the quick profile has no
/// small-preset experiments) from a declared one whose runs are not in the database yet.
@Suite struct ProfileNoteTests {
    static func writer(declared: Set<String>?) throws -> ReportWriter {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("profile-note-\(UUID().uuidString).sqlite").path
        var writer = ReportWriter(store: try ResultStore(path: path), profile: "quick", folder: "unused")
        writer.declaredExperiments = declared
        return writer
    }

    @Test func undeclaredExperimentsAreOutsideTheProfileNotMissing() throws {
        let table = try Self.writer(declared: ["quick-benchmarks-tiny"]).table(.table2)
        #expect(table.contains("> Not in the database (cells from them are shown as missing): `quick-benchmarks-tiny`.\n"))
        #expect(table.contains("> Not part of profile `quick` (cells from them are shown as missing): `quick-benchmarks-small`.\n"))
    }

    @Test func withoutDeclaredExperimentsEveryAbsentOneIsNotInTheDatabase() throws {
        let table = try Self.writer(declared: nil).table(.table2)
        #expect(table.contains("> Not in the database (cells from them are shown as missing): `quick-benchmarks-tiny`, `quick-benchmarks-small`.\n"))
        #expect(!table.contains("Not part of profile"))
    }

    @Test func claimsSayWhichExperimentsAreOutsideTheProfile() throws {
        let markdown = ClaimsBuilder.markdown([], profile: "quick", missingExperiments: ["quick-sni-tiny"], outsideProfile: ["quick-sni-small"])
        #expect(markdown.contains("> Not in the database (the claims that read them lack those runs): `quick-sni-tiny`.\n"))
        #expect(markdown.contains("> Not part of profile `quick` (the claims that read them lack those runs): `quick-sni-small`.\n"))
    }
}
