import Foundation
import LinearAlgebra
import Model
import Optimizers
import RiteCore
import Tasks
import Testing
import Training

/// The real executor end to end on a briefly pretrained tiny base model: what it records, that it
/// is deterministic, and how it refuses a changed base checkpoint.
@Suite(.serialized) struct LoRAFineTuningTests {
    /// A tiny base model pretrained for a few steps on a short corpus, shared by the tests.
    static let base: (models: BaseModels, file: BaseCheckpointFile) = {
        let models = BaseModels(directory: temporaryFolder()) { preset in
            var recipe = BaseModelRecipe.standard(preset)
            recipe.corpusTokens = 20_000
            recipe.pretraining.steps = 4
            recipe.pretraining.warmupSteps = 1
            return recipe
        }
        let file = try! models.ensure(.tiny) { _ in }
        return (models, file)
    }()

    final class RecordingSink: RunSink {
        var steps: [StepReport] = []
        var evaluations: [Evaluation] = []
        var heartbeats: [Int] = []
        func recordStep(_ report: StepReport) throws { steps.append(report) }
        func recordEvaluation(_ evaluation: Evaluation) throws { evaluations.append(evaluation) }
        func heartbeat(step: Int) throws { heartbeats.append(step) }
    }

    static func run(optimizer: String, learningRate: Double = 1e-3, task: String = "arc-style", seed: Int = 3,
                    sha: String? = nil) throws -> ResolvedRun {
        var training = TrainingSettings()
        training.steps = 6
        training.batch = 4
        training.warmup = 2
        training.evalEvery = 3
        training.evalCap = 4
        training.clipGradNorm = OptimizerFactory.usesTrainerGradientClipping(optimizer) ? 1 : nil
        let t = try TaskCatalog.task(named: task)
        return ResolvedRun(preset: "tiny", task: task,
                           optimizer: OptimizerChoice(name: optimizer, hyperparameters: try OptimizerFactory.resolve(optimizer, overrides: [:])),
                           rank: 4, learningRate: learningRate, seed: seed, training: training, taskVersion: t.version,
                           scoring: RunScoring.describe(t), baseCheckpointSHA256: sha ?? base.file.sha256, numericsVersion: NumericsVersion.current)
    }

    @Test(arguments: ["adam", "lora-rite"])
    func recordsEveryStepEvaluationAndFinalScore(optimizer: String) throws {
        let sink = RecordingSink()
        let outcome = try LoRAFineTuning(baseModels: Self.base.models).execute(try Self.run(optimizer: optimizer), sink: sink)
        #expect(sink.steps.map(\.step) == [1, 2, 3, 4, 5, 6])
        // Linear schedule, 2 warm-up steps of 6, peak 1e-3, 0-based optimizer step.
        let expectedRates = [0, 5e-4, 1e-3, 7.5e-4, 5e-4, 2.5e-4]
        for (report, rate) in zip(sink.steps, expectedRates) { #expect(abs(report.learningRate - rate) < 1e-15) }
        #expect(sink.steps.allSatisfy { $0.pairs.count == 2 * 4 && $0.trainLoss.isFinite })
        #expect(sink.steps[0].pairs.map(\.name).prefix(4) == ["layer0.q", "layer0.k", "layer0.v", "layer0.o"])
        // Step 1 runs at learning rate 0: nothing moves. B starts at zero; A is Kaiming-uniform.
        #expect(sink.steps[0].pairs.allSatisfy { $0.deltaA == 0 && $0.deltaB == 0 && $0.b == 0 && $0.a > 0 })
        // The first real update moves B (A's gradient is zero while B is zero).
        #expect(sink.steps[1].pairs.allSatisfy { $0.deltaB > 0 && $0.deltaA == 0 })
        // Dev is scored at step 3 (eval_every) and at the end; arc-style reports two metrics.
        #expect(sink.evaluations.map(\.step) == [3, 3, 6, 6])
        #expect(Set(sink.evaluations.map(\.metric)) == ["accuracy", "acc_norm"])
        guard case let .done(scores) = outcome else { Issue.record("expected done, got \(outcome)"); return }
        #expect(scores.map { "\($0.split)/\($0.metric)" } == ["dev/accuracy", "dev/acc_norm", "test/accuracy", "test/acc_norm"])
        // Four examples: every score is a multiple of 1/4.
        #expect(scores.allSatisfy { ($0.value * 4).rounded() == $0.value * 4 && (0 ... 1).contains($0.value) })
        // Every step carries the optimizer's report over the run so far; only LoRA-RITE reports an internal norm.
        #expect(sink.steps.map(\.optimizer.steps) == [1, 2, 3, 4, 5, 6])
        #expect(sink.steps.last?.optimizer.internalGradientNorm?.count == (optimizer == "lora-rite" ? 6 : nil))
    }

    /// With a skip threshold below every non-zero gradient, LoRA-RITE skips B of every pair at every
    /// step (A's unmagnified gradient is exactly zero while B is zero), so B never moves: 8 pairs x 6
    /// steps. `rite-repro run`'s progress lines show the count so far.
    @Test func skippedFactorsReachTheSinkAndTheProgressLines() throws {
        var run = try Self.run(optimizer: "lora-rite")
        run.optimizer = OptimizerChoice(name: "lora-rite",
                                        hyperparameters: try OptimizerFactory.resolve("lora-rite", overrides: ["skip": .number(1e-12)]))
        var lines: [String] = []
        let sink = PrintingRunSink(steps: 6, every: 1) { lines.append($0) }
        _ = try LoRAFineTuning(baseModels: Self.base.models).execute(run, sink: sink)
        let report = try #require(sink.optimizerReport)
        #expect(report.steps == 6)
        #expect(report.skippedFactors == OptimizerRunReport.Events(total: 48, steps: 6, firstStep: 1, lastStep: 6))
        #expect(report.zeroedPreconditionedSteps.total == 0 && report.preconditionerFallbacks.total == 0)
        let progress = lines.filter { $0.hasPrefix("step ") }
        #expect(progress.count == 6)
        #expect(progress.first?.hasSuffix(", skipped 8") == true && progress.last?.hasSuffix(", skipped 48") == true)
        #expect(OptimizerReportText.line(report).hasPrefix("over 6 steps: skipped 48 factor updates in 6 steps (steps 1-6), clipped "))
    }

    @Test func sameRunTwiceIsBitIdentical() throws {
        let run = try Self.run(optimizer: "lora-rite", learningRate: 5e-3)
        let first = RecordingSink(), second = RecordingSink()
        let a = try LoRAFineTuning(baseModels: Self.base.models).execute(run, sink: first)
        let b = try LoRAFineTuning(baseModels: Self.base.models).execute(run, sink: second)
        #expect(first.steps == second.steps)
        #expect(a == b)
        let otherSeed = RecordingSink()
        _ = try LoRAFineTuning(baseModels: Self.base.models).execute(try Self.run(optimizer: "lora-rite", learningRate: 5e-3, seed: 4), sink: otherSeed)
        #expect(otherSeed.steps[3].trainLoss != first.steps[3].trainLoss)
    }

    @Test func generationTaskIsScoredByDecoding() throws {
        let sink = RecordingSink()
        let outcome = try LoRAFineTuning(baseModels: Self.base.models).execute(try Self.run(optimizer: "adam", task: "sni-title"), sink: sink)
        guard case let .done(scores) = outcome else { Issue.record("expected done, got \(outcome)"); return }
        #expect(Set(scores.map(\.metric)) == ["rouge_l", "exact_match"])
    }

    /// Zero-shot scores are the base model's own, on the same splits, cap and metrics as a run's end.
    @Test func zeroShotScoresTheBaseModelAsItIs() throws {
        let run = try Self.run(optimizer: "adam", task: "openbookqa-style")
        let scores = try LoRAFineTuning(baseModels: Self.base.models).zeroShot(run)
        let task = try TaskCatalog.task(named: "openbookqa-style")
        let model = try Self.base.models.load(.tiny, expectedSHA256: Self.base.file.sha256, maxBatch: 4)
        var expected: [FinalScore] = []
        for split in [Split.dev, .test] {
            let evaluation = try Evaluator().evaluate(task: task, split: split, model: model, cap: 4)
            for metric in task.metrics { expected.append(FinalScore(split: split.rawValue, metric: metric.rawValue, value: evaluation.scores[metric]!)) }
        }
        #expect(scores == expected)
    }

    @Test func changedBaseCheckpointIsRefused() throws {
        let run = try Self.run(optimizer: "adam", sha: String(repeating: "0", count: 64))
        #expect(throws: BaseModelError.digestMismatch(path: Self.base.models.path(for: .tiny), expected: String(repeating: "0", count: 64),
                                                      actual: Self.base.file.sha256)) {
            try LoRAFineTuning(baseModels: Self.base.models).execute(run, sink: RecordingSink())
        }
    }

    @Test func explodingRunIsReportedDiverged() throws {
        // Plain SGD at a rate that overflows Float explodes within a few steps: the run ends as diverged, either
        // from the executor (non-finite loss or gradient) or from the sink's divergence rule.
        let sink = PrintingRunSink(outcomes: OutcomeRule(lossFactor: 4, referenceSteps: 2, lossFloor: 0.5), steps: 6, every: 100) { _ in }
        var run = try Self.run(optimizer: "sgd", learningRate: 1e30)
        run.training.clipGradNorm = nil
        let outcome: RunOutcome
        do {
            outcome = try LoRAFineTuning(baseModels: Self.base.models).execute(run, sink: sink)
        } catch let diverged as RunDiverged {
            outcome = .diverged(step: diverged.step, reason: diverged.reason)
        }
        guard case let .diverged(step, reason) = outcome else { Issue.record("expected diverged, got \(outcome)"); return }
        #expect(step >= 2 && step <= 6, "\(reason)")
    }

    /// The audit's case: with the trainer's gradient clip, Adam at 1e30 keeps a finite loss (on the
    /// committed base model it went from 17.0 to 6.5 while ||B|| reached 1.7e32, and its dev score
    /// beat a sane rate's). The loss rule alone let it finish `done`; the adapter rule stops it at the
    /// first step that moves B.
    @Test(arguments: ["adam", "sgd"])
    func explodedAdapterWithFiniteLossIsDiverged(optimizer: String) throws {
        let sink = PrintingRunSink(steps: 6, every: 100) { _ in }
        let run = try Self.run(optimizer: optimizer, learningRate: 1e30)
        #expect(run.training.clipGradNorm == 1)
        let outcome: RunOutcome
        do {
            outcome = try LoRAFineTuning(baseModels: Self.base.models).execute(run, sink: sink)
        } catch let diverged as RunDiverged {
            outcome = .diverged(step: diverged.step, reason: diverged.reason)
        }
        guard case let .diverged(step, reason) = outcome else { Issue.record("expected diverged, got \(outcome)"); return }
        #expect(step == 2, "step 1 has rate 0; step 2 is the first update")
        #expect(reason.contains("||s B A||") && reason.contains("the frozen weight's norm (limit 10000)"), "\(reason)")
    }

    /// `adaptedWeightNorms` reads the right slices of the frozen weights, and the adapter norm is
    /// `s ||B A||`, checked against sums written out in Double.
    @Test func adapterRatioIsTheProductAgainstTheFrozenWeight() throws {
        let model = try Self.base.models.load(.tiny, expectedSHA256: Self.base.file.sha256, maxBatch: 1)
        model.attachLoRA(LoRAConfig(rank: 2, alpha: 6, targets: [.k, .o]), seed: 1)
        let d = model.config.width
        let parameters = model.parameters
        let qkv = try #require(model.layout.entry(named: "h.1.attn.qkv.weight"))
        let proj = try #require(model.layout.entry(named: "h.1.attn.proj.weight"))
        func norm(_ start: Int) -> Double { (start ..< start + d * d).reduce(0.0) { $0 + Double(parameters[$1]) * Double(parameters[$1]) }.squareRoot() }
        let weights = model.adaptedWeightNorms()
        #expect(weights.count == 4)
        #expect(abs(weights[2] - norm(qkv.offset + d * d)) < 1e-9 * weights[2], "layer 1, k: rows d ..< 2d of qkv")
        #expect(abs(weights[3] - norm(proj.offset)) < 1e-9 * weights[3], "layer 1, o: the output projection")
        #expect(weights[2] != weights[3])
        for i in model.loraPairs.indices {
            model.loraPairs[i].b = Matrix(rows: d, cols: 2) { r, c in Float(r + 2 * c + i) / Float(d) }
        }
        let pair = model.loraPairs[3]
        var sum = 0.0
        for r in 0 ..< d {
            for c in 0 ..< d {
                let x = (0 ..< 2).reduce(0.0) { $0 + Double(pair.b[r, $1]) * Double(pair.a[$1, c]) }
                sum += x * x
            }
        }
        #expect(abs(model.adapterNorms()[3] - 3 * sum.squareRoot()) < 1e-5 * model.adapterNorms()[3], "s = alpha / r = 3")
    }

    @Test func baseModelIsMadeOnceAndCorruptionIsAnError() throws {
        let again = try Self.base.models.ensure(.tiny) { _ in Issue.record("pretrained a second time") }
        #expect(again == Self.base.file)
        let folder = temporaryFolder()
        let models = BaseModels(directory: folder, recipe: Self.base.models.recipe)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var bytes = [UInt8](FileManager.default.contents(atPath: Self.base.file.path)!)
        bytes[bytes.count / 2] ^= 0xFF
        FileManager.default.createFile(atPath: models.path(for: .tiny), contents: Data(bytes))
        #expect(throws: CheckpointError.self) { try models.ensure(.tiny) { _ in } }
    }
}
