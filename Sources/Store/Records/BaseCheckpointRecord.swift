import Foundation
internal import GRDB

/// A row of `base_checkpoints`.
struct BaseCheckpointRecord: SnakeCaseRecord {
    static let databaseTableName = "base_checkpoints"
    var id: Int64?
    var preset: String
    var corpusVersion: String
    var path: String
    var sha256: String
    var createdAt: Date

    init(_ checkpoint: BaseCheckpoint) {
        preset = checkpoint.preset
        corpusVersion = checkpoint.corpusVersion
        path = checkpoint.path
        sha256 = checkpoint.sha256
        createdAt = checkpoint.createdAt
    }

    var checkpoint: BaseCheckpoint {
        BaseCheckpoint(preset: preset, corpusVersion: corpusVersion, path: path, sha256: sha256, createdAt: createdAt)
    }
}
