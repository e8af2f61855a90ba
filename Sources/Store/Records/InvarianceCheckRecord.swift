import Foundation
internal import GRDB

/// A row of `invariance_checks`.
struct InvarianceCheckRecord: SnakeCaseRecord {
    static let databaseTableName = "invariance_checks"
    var id: Int64?
    var optimizer: String
    var settings: String
    var learningRate: Double
    var transform: String
    var transformParameter: Double
    var problemSeed: Int
    var steps: Int
    var discrepancy: Double?
    var movement: Double
    var failure: String?
    var numericsVersion: Int
    var toolVersion: String
    var measuredAt: Date

    init(_ result: InvarianceCheckResult) {
        optimizer = result.optimizer
        settings = result.settings
        learningRate = result.learningRate
        transform = result.transform
        transformParameter = result.transformParameter
        problemSeed = result.problemSeed
        steps = result.steps
        discrepancy = result.discrepancy
        movement = result.movement
        failure = result.failure
        numericsVersion = result.numericsVersion
        toolVersion = result.toolVersion
        measuredAt = result.measuredAt
    }

    var result: InvarianceCheckResult {
        InvarianceCheckResult(optimizer: optimizer, settings: settings, learningRate: learningRate, transform: transform,
                              transformParameter: transformParameter, problemSeed: problemSeed, steps: steps,
                              discrepancy: discrepancy, movement: movement, failure: failure,
                              numericsVersion: numericsVersion, toolVersion: toolVersion, measuredAt: measuredAt)
    }
}
