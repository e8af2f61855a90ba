import Foundation
import Reproduction
import Store
import Sweep
import Testing

/// The pipeline's order and its handling of sweep statuses, with its steps recorded instead of run.
@Suite struct ReproductionPipelineTests {
    final class Calls {
        var log: [String] = []
    }

    func pipeline(statuses: [String: Int32], rebench: Bool = false, calls: Calls) -> ReproductionPipeline {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reproduction-tests-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return ReproductionPipeline(
            profile: "quick", specPaths: ["a.yaml", "b.yaml"], databasePath: folder + "/rite.sqlite",
            reportsFolder: folder + "/reports", rebench: rebench,
            steps: .init(sweep: { calls.log.append("sweep \($0)"); return statuses[$0] ?? SweepExitCode.finished },
                         measureOptimizerSteps: { calls.log.append("optimizer-step") },
                         measureTrainingSteps: { calls.log.append("train-step") },
                         ensureInvarianceBattery: { _ in calls.log.append("invariance"); return true }),
            log: { _ in })
    }

    @Test func failedRunsStillRenderTheReports() throws {
        let calls = Calls()
        let pipeline = pipeline(statuses: ["a.yaml": SweepExitCode.runsFailed], calls: calls)
        #expect(try pipeline.run() == SweepExitCode.runsFailed)
        // Nothing is recorded by the fake benchmarks, so both are measured.
        #expect(calls.log == ["sweep a.yaml", "sweep b.yaml", "optimizer-step", "train-step", "invariance"])
        #expect(FileManager.default.fileExists(atPath: pipeline.reportsFolder + "/README.md"))
    }

    @Test func anotherSweepStatusStopsThePipeline() throws {
        let calls = Calls()
        let pipeline = pipeline(statuses: ["a.yaml": SweepExitCode.nameConflict], calls: calls)
        #expect(try pipeline.run() == SweepExitCode.nameConflict)
        #expect(calls.log == ["sweep a.yaml"])
        #expect(!FileManager.default.fileExists(atPath: pipeline.reportsFolder))
    }

    @Test func recordedTimingsAreMeasuredAgainOnlyWhenAsked() throws {
        for rebench in [false, true] {
            let calls = Calls()
            let pipeline = pipeline(statuses: [:], rebench: rebench, calls: calls)
            let store = try ResultStore(path: pipeline.databasePath)
            for benchmark in ["optimizer-step", "train-step"] {
                // The training-step benchmark counts as recorded only with its rounds (claim C7 pairs them).
                try store.replaceTimings(of: benchmark, with: [nil, 1].map { round in
                    Timing(benchmark: benchmark, optimizer: "adam", preset: nil, m: 8, n: 8, r: 2, batch: nil, medianSeconds: 1e-3,
                           samples: 1, host: "test", toolVersion: "0", measuredAt: Date(), round: round)
                })
            }
            #expect(try pipeline.run() == SweepExitCode.finished)
            let measured = calls.log.filter { $0 == "optimizer-step" || $0 == "train-step" }
            #expect(measured == (rebench ? ["optimizer-step", "train-step"] : []), "rebench \(rebench)")
        }
    }

    @Test func aTrainingStepBenchmarkWithoutRoundsIsMeasuredAgain() throws {
        let calls = Calls()
        let pipeline = pipeline(statuses: [:], rebench: false, calls: calls)
        let store = try ResultStore(path: pipeline.databasePath)
        for benchmark in ["optimizer-step", "train-step"] {
            try store.replaceTimings(of: benchmark, with: [
                Timing(benchmark: benchmark, optimizer: "adam", preset: nil, m: 8, n: 8, r: 2, batch: nil, medianSeconds: 1e-3,
                       samples: 1, host: "test", toolVersion: "0", measuredAt: Date()),
            ])
        }
        #expect(try pipeline.run() == SweepExitCode.finished)
        #expect(calls.log.filter { $0 == "optimizer-step" || $0 == "train-step" } == ["train-step"])
    }
}
