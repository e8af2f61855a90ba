import Foundation
import Report
import Store
import Testing

/// Table 4's benchmark rows from the store, as `rite-repro table table4` renders them.
@Suite struct SpeedFromStoreTests {
    @Test func recordedTrainingStepTimingsBecomeTheBenchmarkRows() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("report-speeds-\(UUID().uuidString).sqlite").path
        let store = try ResultStore(path: path)
        func timing(_ preset: String, _ optimizer: String, _ seconds: Double) -> Timing {
            Timing(benchmark: "train-step", optimizer: optimizer, preset: preset, m: 64, n: 64, r: 16, batch: 16, medianSeconds: seconds,
                   samples: 3, host: "here", toolVersion: "0.1.0", measuredAt: Date(timeIntervalSince1970: 0), blas: "kernels K",
                   build: "commit C", workload: "openbookqa-style train split")
        }
        try store.replaceTimings(of: "train-step", with: [timing("tiny", "adam", 0.004), timing("tiny", "lora-rite", 0.0045)])
        try store.replaceTimings(of: "optimizer-step", with: [Timing(benchmark: "optimizer-step", optimizer: "adam", preset: nil, m: 64,
            n: 64, r: 16, batch: nil, medianSeconds: 1e-5, samples: 5, host: "here", toolVersion: "0.1.0", measuredAt: Date())])
        let speeds = try StoreReader(store: store).trainingStepSpeeds()
        #expect(speeds == [
            TrainingStepSpeed(preset: "tiny", optimizer: "adam", rank: 16, batch: 16, seconds: 0.004, rounds: 3, blas: "kernels K",
                              build: "commit C", workload: "openbookqa-style train split"),
            TrainingStepSpeed(preset: "tiny", optimizer: "lora-rite", rank: 16, batch: 16, seconds: 0.0045, rounds: 3, blas: "kernels K",
                              build: "commit C", workload: "openbookqa-style train split"),
        ])
        let markdown = try ReportWriter(store: store, profile: "quick", folder: "unused").table(.table4)
        #expect(row(markdown, startingWith: "| ours (tiny), benchmark, relative to Adam |")
            == "| ours (tiny), benchmark, relative to Adam | 1.000 | — | — | — | — | 0.889 |")
    }

    @Test func roundRowsPairAdamAndLoRARiteForClaimC7AndStayOutOfTable4() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("report-rounds-\(UUID().uuidString).sqlite").path
        let store = try ResultStore(path: path)
        func timing(_ preset: String, _ optimizer: String, _ seconds: Double, round: Int?) -> Timing {
            Timing(benchmark: "train-step", optimizer: optimizer, preset: preset, m: 64, n: 64, r: 16, batch: 16, medianSeconds: seconds,
                   samples: round == nil ? 2 : 100, host: "here", toolVersion: "0.1.0", measuredAt: Date(timeIntervalSince1970: 0),
                   workload: "openbookqa-style train split", round: round)
        }
        try store.replaceTimings(of: "train-step", with: [
            timing("tiny", "adam", 0.004, round: nil), timing("tiny", "lora-rite", 0.006, round: nil),
            timing("tiny", "adam", 0.0041, round: 1), timing("tiny", "adam", 0.0039, round: 2),
            timing("tiny", "lora-rite", 0.0062, round: 1), timing("tiny", "lora-rite", 0.0058, round: 2),
            timing("tiny", "lamb", 0.0042, round: 1),
            // A round of LoRA-RITE alone has nothing to pair with.
            timing("tiny", "lora-rite", 0.007, round: 3),
        ])
        let reader = StoreReader(store: store)
        #expect(try reader.trainingStepSpeeds().map(\.seconds) == [0.004, 0.006])
        let rounds = try #require(try reader.trainingStepRounds(rank: 16))
        #expect(rounds.rounds == [
            StepTimeRound(stratum: "tiny", label: "round 1", adamSeconds: 0.0041, riteSeconds: 0.0062),
            StepTimeRound(stratum: "tiny", label: "round 2", adamSeconds: 0.0039, riteSeconds: 0.0058),
        ])
        #expect(rounds.source.contains("openbookqa-style train split"))
        #expect(try reader.trainingStepRounds(rank: 4) == nil)
    }
}
