import Foundation
internal import GRDB

/// A row of `experiments`.
struct ExperimentRecord: SnakeCaseRecord {
    static let databaseTableName = "experiments"
    var name: String
    var specText: String
    var specSha256: String
    var sourcePath: String
    var updatedAt: Date

    init(_ entry: ExperimentEntry) {
        name = entry.name
        specText = entry.specText
        specSha256 = entry.specSHA256
        sourcePath = entry.sourcePath
        updatedAt = entry.updatedAt
    }

    var entry: ExperimentEntry {
        ExperimentEntry(name: name, specText: specText, specSHA256: specSha256, sourcePath: sourcePath, updatedAt: updatedAt)
    }
}
