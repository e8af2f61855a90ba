import Foundation
import LinearAlgebra
import Model
import Optimizers
import RiteCore
import Tasks

/// The real run executor: LoRA fine-tuning of a preset's pretrained base on one task with one
/// optimizer, the spec's schedule and evaluation period, then the final scores.
///
/// One training step: a batch of `batch` training examples (in an order drawn from the run's
/// seed, reshuffled every epoch), loss on the answer tokens only, forward and backward through
/// the frozen base, the optional global-norm clip of the raw LoRA gradients, one optimizer step
/// at the schedule's rate for this step (its report added to the run's `OptimizerRunReport`,
/// which every `StepReport` carries), and the norms the paper's figures plot. Every
/// `eval_every` steps the dev split is scored (at most `eval_cap` examples); at the end, every
/// non-empty evaluation split (dev and test) is scored with every metric of the task.
public struct LoRAFineTuning: RunExecutor {
    public let baseModels: BaseModels
    /// Sees every final evaluation with its per-example predictions (`rite-repro run --show`).
    public var finalEvaluationObserver: (@Sendable (TaskEvaluation) -> Void)?

    public init(baseModels: BaseModels, finalEvaluationObserver: (@Sendable (TaskEvaluation) -> Void)? = nil) {
        self.baseModels = baseModels
        self.finalEvaluationObserver = finalEvaluationObserver
    }

    /// Fine-tunes and scores with subnormals flushed to zero (`FloatingPointEnvironment`): a run
    /// whose gradients underflow would otherwise crawl. Pretraining does not flush, so the base
    /// checkpoints keep their digests.
    public func execute(_ run: ResolvedRun, sink: any RunSink) throws -> RunOutcome {
        try FloatingPointEnvironment.withSubnormalsFlushed { try fineTune(run, sink: sink) }
    }

    private func fineTune(_ run: ResolvedRun, sink: any RunSink) throws -> RunOutcome {
        let task = try TaskCatalog.task(named: run.task)
        guard task.version == run.taskVersion else {
            throw ExecutorError.taskVersionChanged(task: run.task, planned: run.taskVersion, current: task.version)
        }
        guard let preset = ModelPreset(rawValue: run.preset) else { throw BaseModelError.unknownPreset(run.preset) }
        let t = run.training
        let model = try baseModels.load(preset, expectedSHA256: run.baseCheckpointSHA256, maxBatch: t.batch)
        let targets = t.targets.compactMap { LoRAProjection(rawValue: $0.rawValue) }
        model.attachLoRA(LoRAConfig(rank: run.rank, alpha: t.alpha, targets: targets), seed: UInt64(run.seed))
        let names = Self.pairNames(layers: model.config.layers, targets: targets)
        let weightNorms = model.adaptedWeightNorms()
        let shapes = model.loraPairs.map { LoRAShape(rank: $0.rank, inFeatures: $0.inFeatures, outFeatures: $0.outFeatures) }
        let optimizer = try OptimizerFactory.make(run.optimizer.name, hyperparameters: run.optimizer.hyperparameters,
                                                  shapes: shapes, scalar: Float.self)
        let schedule = Self.schedule(run)
        let encoder = TrainingExampleEncoder()
        var order = TrainingOrder(count: task.size(.train), seed: UInt64(run.seed))
        let evaluator = Evaluator()
        let devCap = t.evalCap
        let clock = ContinuousClock()
        var training = Duration.zero
        var optimizerReport = OptimizerRunReport()

        for step in 1 ... t.steps {
            let stepStart = clock.now
            let examples = (0 ..< t.batch).map { _ in task.example(.train, order.next()) }
            let batch = try encoder.batch(examples)
            let loss = batch.inputs.withUnsafeBufferPointer { inputs in
                batch.targets.withUnsafeBufferPointer { targets in
                    model.forwardBackward(tokens: inputs, targets: targets, batch: batch.rows, length: batch.length, mode: .lora)
                }
            }
            guard loss.isFinite else { return .diverged(step: step, reason: "training loss is \(loss) at step \(step)") }
            var gradients = model.loraGradients
            if let clip = t.clipGradNorm { _ = clipGlobalNorm(&gradients, maxNorm: clip) }
            let before = model.loraPairs
            let rate = schedule.rate(atStep: step - 1)
            do {
                optimizerReport.add(try optimizer.step(&model.loraPairs, gradients: gradients, learningRate: rate), atStep: step)
            } catch let error as OptimizerError {
                if case .nonFiniteGradient = error { return .diverged(step: step, reason: error.description) }
                throw error
            }
            let adapters = model.adapterNorms()
            let pairs = names.indices.map { i in
                let (old, new) = (before[i], model.loraPairs[i])
                return PairNorms(name: names[i], a: new.a.frobeniusNorm, b: new.b.frobeniusNorm,
                                 deltaA: (new.a - old.a).frobeniusNorm, deltaB: (new.b - old.b).frobeniusNorm,
                                 adapterRatio: adapters[i] / weightNorms[i])
            }
            training += clock.now - stepStart
            try sink.recordStep(StepReport(step: step, trainLoss: Double(loss), learningRate: rate, pairs: pairs,
                                           optimizer: optimizerReport))
            if step % t.evalEvery == 0 && step < t.steps {
                try sink.heartbeat(step: step)
                let scores = try evaluator.evaluate(task: task, split: .dev, model: model, cap: devCap).scores
                for metric in task.metrics {
                    try sink.recordEvaluation(Evaluation(step: step, split: Split.dev.rawValue, metric: metric.rawValue,
                                                         value: scores[metric] ?? .nan))
                }
            }
        }

        sink.recordTrainingTime(seconds: Double(training.components.seconds) + Double(training.components.attoseconds) * 1e-18)
        let finals = try finalScores(task: task, model: model, cap: t.evalCap,
                                     beforeSplit: { _ in try sink.heartbeat(step: t.steps) }) { split, metric, value in
            if split == .dev {
                try sink.recordEvaluation(Evaluation(step: t.steps, split: split.rawValue, metric: metric.rawValue, value: value))
            }
        }
        return .done(scores: finals)
    }

    /// The zero-shot scores of a run's base model: the pretrained checkpoint, no adapter and no
    /// training, scored on every final split exactly as a fine-tuned run is at its end (same
    /// evaluator, splits, cap and metrics). Nothing is recorded; the observer sees every evaluation.
    public func zeroShot(_ run: ResolvedRun) throws -> [FinalScore] {
        try FloatingPointEnvironment.withSubnormalsFlushed { try scoreBaseModel(run) }
    }

    private func scoreBaseModel(_ run: ResolvedRun) throws -> [FinalScore] {
        let task = try TaskCatalog.task(named: run.task)
        guard task.version == run.taskVersion else {
            throw ExecutorError.taskVersionChanged(task: run.task, planned: run.taskVersion, current: task.version)
        }
        guard let preset = ModelPreset(rawValue: run.preset) else { throw BaseModelError.unknownPreset(run.preset) }
        let model = try baseModels.load(preset, expectedSHA256: run.baseCheckpointSHA256, maxBatch: run.training.batch)
        return try finalScores(task: task, model: model, cap: run.training.evalCap, beforeSplit: { _ in }) { _, _, _ in }
    }

    /// Scores `model` on every final split (`RunScoring.finalSplits`) with every metric of the
    /// task; `beforeSplit` runs before each split is scored (heartbeats), `each` sees every score.
    func finalScores(task: any BenchmarkTask, model: Transformer, cap: Int?, beforeSplit: (Split) throws -> Void,
                     each: (Split, Metric, Double) throws -> Void) throws -> [FinalScore] {
        var finals: [FinalScore] = []
        for split in RunScoring.finalSplits(task) {
            try beforeSplit(split)
            let evaluation = try Evaluator().evaluate(task: task, split: split, model: model, cap: cap)
            finalEvaluationObserver?(evaluation)
            for metric in task.metrics {
                let value = evaluation.scores[metric] ?? .nan
                try each(split, metric, value)
                finals.append(FinalScore(split: split.rawValue, metric: metric.rawValue, value: value))
            }
        }
        return finals
    }

    /// The learning rate of each step, from the spec's schedule, warm-up and step count.
    static func schedule(_ run: ResolvedRun) -> LearningRateSchedule {
        let t = run.training
        switch t.schedule {
        case .linear: return .linearWarmupDecay(peak: run.learningRate, warmupSteps: t.warmup, totalSteps: t.steps)
        case .constant: return .warmupConstant(peak: run.learningRate, warmupSteps: t.warmup)
        }
    }

    /// `layer0.q`, `layer0.k`, ...: the model's pair order (layer-major, then q, k, v, o).
    static func pairNames(layers: Int, targets: [LoRAProjection]) -> [String] {
        let ordered = LoRAProjection.allCases.filter(targets.contains)
        return (0 ..< layers).flatMap { layer in ordered.map { "layer\(layer).\($0.rawValue)" } }
    }
}

public enum ExecutorError: Error, CustomStringConvertible, Equatable {
    case taskVersionChanged(task: String, planned: String, current: String)

    public var description: String {
        switch self {
        case let .taskVersionChanged(task, planned, current):
            return "task \(task) was planned at generator version \(planned) but this build generates version \(current); "
                + "plan the sweep again"
        }
    }
}

/// The order of training examples: a permutation of the train split drawn from the run's seed,
/// drawn anew at every epoch, so every example is seen once per epoch.
struct TrainingOrder {
    private var generator: SeededGenerator
    private var permutation: [Int]
    private var position: Int

    init(count: Int, seed: UInt64) {
        precondition(count > 0, "TrainingOrder: the train split is empty")
        // Decorrelate from the LoRA initialisation, which uses the same run seed.
        generator = SeededGenerator(seed: seed ^ 0xD1B5_4A32_D192_ED03)
        permutation = Array(0 ..< count)
        position = count
    }

    mutating func next() -> Int {
        if position == permutation.count {
            // Fisher-Yates written out (not the standard library's shuffle, whose algorithm may
            // change between releases), so the order is the same with every toolchain.
            for i in stride(from: permutation.count - 1, to: 0, by: -1) {
                permutation.swapAt(i, generator.nextIndex(i + 1))
            }
            position = 0
        }
        defer { position += 1 }
        return permutation[position]
    }
}

extension Transformer: ScoringModel {}
