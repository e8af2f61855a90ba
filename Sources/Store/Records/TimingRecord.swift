import Foundation
internal import GRDB

/// A row of `timings`.
struct TimingRecord: SnakeCaseRecord {
    static let databaseTableName = "timings"
    var id: Int64?
    var benchmark: String
    var optimizer: String
    var preset: String?
    var m: Int
    var n: Int
    var r: Int
    var batch: Int?
    var medianSeconds: Double
    var samples: Int
    var host: String
    var toolVersion: String
    var measuredAt: Date
    var blas: String?
    var build: String?
    var workload: String?
    var round: Int?

    init(_ timing: Timing) {
        benchmark = timing.benchmark
        optimizer = timing.optimizer
        preset = timing.preset
        m = timing.m
        n = timing.n
        r = timing.r
        batch = timing.batch
        medianSeconds = timing.medianSeconds
        samples = timing.samples
        host = timing.host
        toolVersion = timing.toolVersion
        measuredAt = timing.measuredAt
        blas = timing.blas
        build = timing.build
        workload = timing.workload
        round = timing.round
    }

    var timing: Timing {
        Timing(benchmark: benchmark, optimizer: optimizer, preset: preset, m: m, n: n, r: r, batch: batch,
               medianSeconds: medianSeconds, samples: samples, host: host, toolVersion: toolVersion, measuredAt: measuredAt,
               blas: blas, build: build, workload: workload, round: round)
    }
}
