import Foundation
@testable import Store
import Testing

@Suite struct TimingTests {
    static func timing(_ optimizer: String, m: Int, seconds: Double) -> Timing {
        Timing(benchmark: "optimizer-step", optimizer: optimizer, preset: nil, m: m, n: m, r: 16, batch: nil,
               medianSeconds: seconds, samples: 50, host: "here", toolVersion: "0.1.0", measuredAt: Date(timeIntervalSince1970: 1000))
    }

    @Test func timingsAreReplacedPerBenchmarkAndReadInOrder() throws {
        let store = try ResultStore(path: temporaryDatabase())
        try store.replaceTimings(of: "optimizer-step", with: [Self.timing("adam", m: 64, seconds: 1e-5), Self.timing("adam", m: 128, seconds: 2e-5)])
        var speed = Self.timing("adam", m: 64, seconds: 0.02)
        speed.benchmark = "train-step"
        speed.preset = "tiny"
        speed.batch = 16
        try store.replaceTimings(of: "train-step", with: [speed])
        #expect(try store.timings(of: "optimizer-step").map(\.m) == [64, 128])
        try store.replaceTimings(of: "optimizer-step", with: [Self.timing("lora-rite", m: 256, seconds: 3e-4)])
        #expect(try store.timings(of: "optimizer-step") == [Self.timing("lora-rite", m: 256, seconds: 3e-4)])
        #expect(try store.timings(of: "train-step") == [speed])
    }

    @Test func trainingStepBenchmarksKeepTheirKernelsBuildAndWorkloadThroughAnUpgrade() throws {
        // A file of the schema before the training-step descriptions: its timings read back with none.
        let path = temporaryDatabase()
        try ResultStore.createOldSchemaFile(path: path, upTo: "v4-step-metrics-by-run-number")
        let old = try ResultStore(unmigratedPath: path)
        try old.execute(sql: """
            INSERT INTO timings (benchmark, optimizer, preset, m, n, r, batch, median_seconds, samples, host, tool_version, measured_at)
            VALUES ('train-step', 'adam', 'tiny', 64, 64, 16, 16, 0.02, 3, 'here', '0.1.0', '2025-01-01 00:00:00.000')
            """)
        let store = try ResultStore(path: path)
        let upgraded = try store.timings(of: "train-step")
        #expect(upgraded.count == 1 && upgraded[0].medianSeconds == 0.02 && upgraded[0].blas == nil && upgraded[0].build == nil
            && upgraded[0].workload == nil && upgraded[0].round == nil)
        var speed = Self.timing("lora-rite", m: 128, seconds: 0.135)
        speed.benchmark = "train-step"
        speed.preset = "small"
        speed.batch = 16
        speed.samples = 3
        speed.blas = "OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64"
        speed.build = "1e43743 release haswell"
        speed.workload = "openbookqa-style train split"
        try store.replaceTimings(of: "train-step", with: [speed])
        #expect(try store.timings(of: "train-step") == [speed])
        #expect(try ResultStore(path: path).timings(of: "train-step") == [speed])
    }

    @Test func roundRowsAreStoredBesideTheMedianAndReplacedWithIt() throws {
        let store = try ResultStore(path: temporaryDatabase())
        var median = Self.timing("adam", m: 64, seconds: 0.004)
        median.benchmark = "train-step"
        median.preset = "tiny"
        let rounds = [0.0041, 0.0039, 0.004].enumerated().map { index, seconds in
            var round = median
            round.medianSeconds = seconds
            round.samples = 100
            round.round = index + 1
            return round
        }
        try store.replaceTimings(of: "train-step", with: [median] + rounds)
        let read = try store.timings(of: "train-step")
        #expect(read == [median] + rounds)
        #expect(read.map(\.round) == [nil, 1, 2, 3])
        try store.replaceTimings(of: "train-step", with: [median])
        #expect(try store.timings(of: "train-step") == [median])
    }
}
