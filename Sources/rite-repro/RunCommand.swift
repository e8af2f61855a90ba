import ArgumentParser
import Foundation
import Optimizers
import RiteCore
import Sweep
import Training

/// `rite-repro run`: trains one configuration given by flags and prints its curve and scores,
/// without recording it (for quick checks and task calibration).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Train one configuration from flags and print its progress and final scores (nothing is stored).",
        discussion: "Uses the same training loop as sweep. The preset's base model is pretrained first if it does not exist yet."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Model preset (tiny, small).") var preset = "tiny"
    @Option(help: "Task name (see rite-repro tasks).") var task: String
    @Option(help: "Optimizer (\(OptimizerFactory.names.joined(separator: ", "))).") var optimizer = "adam"
    @Option(name: .customLong("lr"), help: "Peak learning rate (required unless --zero-shot).") var learningRate: Double?
    @Option(help: "LoRA rank.") var rank = 16
    @Option(help: "Seed (LoRA initialisation and data order).") var seed = 1
    @Option(help: "Training steps.") var steps = 2000
    @Option(help: "Sequences per step.") var batch = 16
    @Option(help: "Warm-up steps.") var warmup = 100
    @Option(help: "Evaluate on dev every this many steps.") var evalEvery = 100
    @Option(help: "Evaluate on at most this many examples per split.") var evalCap: Int?
    @Option(help: "Clip the raw LoRA gradients to this global norm (default: 1 for the baselines, none for lora-rite).")
    var clipGradNorm: Double?
    @Option(help: "Print a line every this many steps.") var printEvery = 50
    @Option(help: "Print the first N predictions of each final evaluation.") var show = 0
    @Flag(help: "Score the pretrained base model as it is (no adapter, no training) on the final splits, and stop.")
    var zeroShot = false
    @Option(name: .customLong("set"), parsing: .upToNextOption,
            help: ArgumentHelp("Optimizer hyper-parameters, e.g. --set beta2=0.99 variant=paper.", valueName: "key=value"))
    var overrides: [String] = []

    func validate() throws {
        if let learningRate {
            guard learningRate > 0, learningRate.isFinite else { throw ValidationError("--lr must be a positive number, got \(learningRate)") }
        } else if !zeroShot {
            throw ValidationError("--lr is required (unless --zero-shot)")
        }
        for (name, value) in [("--rank", rank), ("--steps", steps), ("--batch", batch), ("--eval-every", evalEvery)] where value < 1 {
            throw ValidationError("\(name) must be at least 1, got \(value)")
        }
        if warmup < 0 { throw ValidationError("--warmup must be at least 0, got \(warmup)") }
        for item in overrides where !item.contains("=") { throw ValidationError("--set expects key=value, got \(item)") }
    }

    func run() throws {
        let backend = SweepBackend.standard(databasePath: database.path) { print($0) }
        var training = TrainingSettings()
        training.steps = steps
        training.batch = batch
        training.warmup = warmup
        training.evalEvery = evalEvery
        training.evalCap = evalCap
        training.clipGradNorm = clipGradNorm
        training.clipGradNormFollowsOptimizer = clipGradNorm == nil
        let request = SingleRunRequest(preset: preset, task: task, optimizer: optimizer, overrides: overrides, rank: rank,
                                       learningRate: learningRate ?? 0, seed: seed, training: training)
        let run = try request.resolve(vocabulary: backend.vocabulary, context: backend.keyContext)
        let sink = PrintingRunSink(steps: steps, every: printEvery) { print($0) }
        let start = Date()
        let show = show
        let executor = LoRAFineTuning(baseModels: BaseModels.beside(database: database.path)) { evaluation in
            for p in evaluation.predictions.prefix(show) {
                let choice = p.chosenIndex.map { "choice \($0)" } ?? "generated \"\(p.generated ?? "")\""
                print("  \(p.exampleID): \(choice), scores \(p.scores.map { "\($0.key.rawValue)=\($0.value)" }.sorted().joined(separator: " "))")
            }
        }
        if zeroShot {
            print("zero-shot: \(preset) base model on \(task) (no adapter, no training)")
            for score in try executor.zeroShot(run) {
                print("zero-shot \(score.split) \(score.metric) = \(String(format: "%.4f", score.value))")
            }
            return
        }
        print("run \(run.key.prefix(12)): \(preset) \(task) \(run.optimizer.label) "
            + "lr=\(run.learningRate) rank=\(rank) seed=\(seed)")
        let outcome: RunOutcome
        do {
            outcome = try executor.execute(run, sink: sink)
        } catch let diverged as RunDiverged {
            outcome = .diverged(step: diverged.step, reason: diverged.reason)
        }
        let seconds = Date().timeIntervalSince(start)
        print("optimizer \(optimizer): \(OptimizerReportText.line(sink.optimizerReport))")
        switch outcome {
        case let .done(scores):
            for score in scores { print("final \(score.split) \(score.metric) = \(String(format: "%.4f", score.value))") }
            print("largest adapter change ||s B A|| / ||W|| at any step: \(String(format: "%.3e", sink.largestAdapterRatio))")
            if let reason = sink.didNotLearn { print("did not learn: \(reason)") }
            print("done in \(String(format: "%.1f", seconds)) s (\(String(format: "%.2f", Double(steps) / seconds)) steps/s including evaluation)")
        case let .diverged(step, reason):
            print("diverged at step \(step): \(reason)")
            throw ExitCode(3)
        }
    }
}
