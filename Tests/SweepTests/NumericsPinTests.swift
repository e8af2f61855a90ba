import Foundation
import LinearAlgebra
import Optimizers
import RiteCore
import Store
@testable import Sweep
import Tasks
import Testing
import Training

/// Pins what a training run computes to `NumericsVersion.current`: a short real run of every
/// optimizer on the committed tiny base model, digested bit for bit (every step's loss and every
/// pair's norms, which are functions of every factor, and the final scores). A change to the
/// kernels, the optimizers, the training loop or evaluation moves the digest; if the version did
/// not move with it, run keys would claim old runs for new numbers, and this test fails.
///
/// When numbers change on purpose: bump `NumericsVersion.current`, run this test with
/// `RITE_PRINT_PIN=1` (and once per kernel family with `OPENBLAS_CORETYPE=Haswell`, `SkylakeX`,
/// `Zen`), and record the printed digests for the new version. Digests are per BLAS kernel family
/// (bit-identity holds on one machine, and the kernel decides the order of the sums).
@Suite(.serialized) struct NumericsPinTests {
    /// The task the pin trains on, and the generator version its digests were recorded with: a new
    /// generator changes the digest and the run keys (through the task version) but not the
    /// numerics, so it asks for the pin to be recorded again, not for a numerics bump.
    static let pinTask = "arc-style"
    static let pinTaskVersion = "g2.w1.t2"

    /// Numerics version -> BLAS kernel family -> digest.
    static let pins: [Int: [String: String]] = [
        2: [
            "Cooperlake": "27546dd551d5e9e43c74028002a0d961406f016219295c8d11a7aa55d616d06c",
            "SkylakeX": "27546dd551d5e9e43c74028002a0d961406f016219295c8d11a7aa55d616d06c",
            "Haswell": "b823d214161ae7241c942dcdc596de568f60abc3333c9f4c916b3057a2761613",
            "Zen": "b823d214161ae7241c942dcdc596de568f60abc3333c9f4c916b3057a2761613",
        ],
    ]

    /// The optimizers the pin trains: those of numerics version 2, in the factory's order. A fixed list,
    /// not the factory's: an optimizer added later has no stored runs whose numbers could change
    /// silently, and adding it must not move this digest (it joins the list when the version is next
    /// bumped and the digests are recorded again).
    static let pinnedOptimizers = ["adam", "lora-plus", "scaled-adam", "shampoo", "lamb", "lora-rite", "sgd"]

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// 30 steps of batch 8 at rank 4 on arc-style, 5 warm-up steps, the trainer's clip where the
    /// optimizer's reference uses it, 8 examples per evaluation split.
    static func run(optimizer: String, sha256: String, rank: Int = 4) throws -> ResolvedRun {
        var training = TrainingSettings()
        training.steps = 30
        training.batch = 8
        training.warmup = 5
        training.evalEvery = 1000
        training.evalCap = 8
        training.clipGradNorm = OptimizerFactory.usesTrainerGradientClipping(optimizer) ? 1 : nil
        let task = try TaskCatalog.task(named: pinTask)
        return ResolvedRun(preset: "tiny", task: task.name,
                           optimizer: OptimizerChoice(name: optimizer, hyperparameters: try OptimizerFactory.resolve(optimizer, overrides: [:])),
                           rank: rank, learningRate: 5e-3, seed: 7, training: training, taskVersion: task.version,
                           scoring: RunScoring.describe(task), baseCheckpointSHA256: sha256, numericsVersion: NumericsVersion.current)
    }

    final class DigestSink: RunSink {
        var bytes: [UInt8] = []
        func append(_ x: Double) { withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes += $0 } }
        func recordStep(_ report: StepReport) throws {
            append(report.trainLoss)
            append(report.learningRate)
            for pair in report.pairs { [pair.a, pair.b, pair.deltaA, pair.deltaB, pair.adapterRatio].forEach(append) }
        }
        func recordEvaluation(_ evaluation: Evaluation) throws { append(evaluation.value) }
        func heartbeat(step: Int) throws {}
    }

    /// The digest of every pinned optimizer's run.
    static func digest() throws -> String {
        let models = BaseModels.beside(database: root.appendingPathComponent("results/rite.sqlite").path)
        let sha256 = try SHA256.hex(Data(contentsOf: URL(fileURLWithPath: models.path(for: .tiny))))
        let sink = DigestSink()
        // Every optimizer at rank 4, and LoRA-RITE at rank 64 = the tiny width, where its pseudo-inverses'
        // cut-off decides whether the run trains (a Float factor's noise must not be inverted).
        let cases = pinnedOptimizers.map { ($0, 4) } + [("lora-rite", 64)]
        for (optimizer, rank) in cases {
            let outcome = try LoRAFineTuning(baseModels: models).execute(try run(optimizer: optimizer, sha256: sha256, rank: rank),
                                                                           sink: sink)
            guard case let .done(scores) = outcome else { throw TestFailure(description: "\(optimizer) r\(rank): \(outcome)") }
            scores.forEach { sink.append($0.value) }
        }
        return SHA256.hex(sink.bytes)
    }

    @Test func trainingNumbersMatchThePinOfTheCurrentVersion() throws {
        let digest = try Self.digest()
        let taskVersion = try TaskCatalog.task(named: Self.pinTask).version
        try #require(taskVersion == Self.pinTaskVersion, "the pin's task \(Self.pinTask) is now generator \(taskVersion), not \(Self.pinTaskVersion): record the pin again (RITE_PRINT_PIN=1) with the new version; the numerics version need not change")
        let core = BLASRuntime.coreName
        if ProcessInfo.processInfo.environment["RITE_PRINT_PIN"] != nil {
            print("numerics pin: version \(NumericsVersion.current), BLAS kernel \(core): \(digest)")
        }
        let pinned = try #require(Self.pins[NumericsVersion.current],
                                  "NumericsVersion.current = \(NumericsVersion.current) has no pins; record \(core): \(digest)")
        let expected = try #require(pinned[core], "no pin for BLAS kernel \(core) at numerics version \(NumericsVersion.current); this machine computes \(digest)")
        #expect(digest == expected, """
            training numbers changed but NumericsVersion.current (\(NumericsVersion.current)) did not: bump it and record \
            \(core): \(digest)
            """)
    }

    @Test func digestIsStableWithinOneBuild() throws {
        // The pin is only meaningful if the same build computes the same digest twice.
        #expect(try Self.digest() == Self.digest())
    }
}
