import ArgumentParser
import Foundation
import LinearAlgebra
import Model
import Optimizers
import RiteCore
import Tasks

/// `rite-repro bench`: timing commands.
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Time the training step against single-threaded sgemm, the optimizer step, evaluation and whole sweeps.",
        subcommands: [TrainStep.self, OptimizerStep.self, Evaluation.self, SweepThroughput.self]
    )
}

extension Bench {
    /// `rite-repro bench train-step`: median milliseconds of a LoRA training step (forward,
    /// backward, optimizer update) against the same process's sgemm rate. Use a release build.
    struct TrainStep: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "train-step",
            abstract: "Time the LoRA training step (forward, backward, optimizer update) of a model preset.",
            discussion: """
            Prints the model's dimensions, the median milliseconds per step after warm-up, the analytic \
            FLOPs per step (matrix products only; see the README's Model section), the achieved GFLOP/s \
            and the single-threaded sgemm GFLOP/s measured in the same process. Build with -c release.
            """
        )

        @Option(help: "Model preset (\(ModelPreset.allCases.map(\.rawValue).joined(separator: ", "))).")
        var preset: ModelPreset = .tiny

        @Option(help: "Optimizer whose update is timed with the step (\(OptimizerFactory.names.joined(separator: ", "))).")
        var optimizer: String = "adam"

        @Option(help: "LoRA rank.")
        var rank: Int = 16

        @Option(help: "LoRA alpha (the adapter is scaled by alpha / rank).")
        var alpha: Double = 16

        @Option(help: "Sequences per step.")
        var batch: Int = 16

        @Option(help: "Tokens per sequence (default: the tasks' context length).")
        var context: Int = TaskCatalog.contextLength

        @Option(help: "Vocabulary size (default: the tasks' tokenizer).")
        var vocab: Int = Tokenizer.standard.vocabularySize

        @Option(help: "Train on batches of this task's training split (as a fine-tuning run does: loss on the answers) instead of random tokens with every position scored.")
        var task: String?

        @Option(help: "Untimed steps before measuring.")
        var warmup: Int = 3

        @Option(help: "Timed steps (the median is reported).")
        var steps: Int = 15

        @Flag(help: "Also print the mean time per step of each phase of forward and backward.")
        var phases = false

        @Flag(help: "Print the result as JSON.")
        var json = false

        func validate() throws {
            guard OptimizerFactory.names.contains(optimizer) else {
                throw ValidationError("--optimizer \(optimizer) is unknown; expected one of \(OptimizerFactory.names.joined(separator: ", "))")
            }
            for (name, value) in [("--rank", rank), ("--batch", batch), ("--context", context), ("--steps", steps)] where value < 1 {
                throw ValidationError("\(name) = \(value); expected at least 1")
            }
            if vocab < 2 { throw ValidationError("--vocab = \(vocab); expected at least 2") }
            if let task, !TaskCatalog.names.contains(task) {
                throw ValidationError("--task \(task) is unknown; expected one of \(TaskCatalog.names.joined(separator: ", "))")
            }
            if warmup < 0 { throw ValidationError("--warmup = \(warmup); expected at least 0") }
            if !(alpha > 0) { throw ValidationError("--alpha = \(alpha); expected a positive number") }
        }

        func run() throws {
            let config = preset.config(vocabularySize: task == nil ? vocab : Tokenizer.standard.vocabularySize,
                                       contextLength: task == nil ? context : TaskCatalog.contextLength)
            var setup = TrainingStepBenchmark.Setup(
                config: config, batch: batch, lora: LoRAConfig(rank: rank, alpha: alpha),
                warmupSteps: warmup, measuredSteps: steps)
            let batches = try task.map { try Self.taskBatches($0, count: warmup + steps, batch: batch) }
            if let task { setup.data = "\(task) train split" }
            let lora = setup.lora
            let shapes = (0 ..< config.layers * lora.orderedTargets.count).map { _ in
                LoRAShape(rank: lora.rank, inFeatures: config.width, outFeatures: config.width)
            }
            let stepper = try OptimizerFactory.make(optimizer, hyperparameters: try OptimizerFactory.resolve(optimizer, overrides: [:]),
                                                    shapes: shapes, scalar: Float.self)
            let result = try TrainingStepBenchmark.run(setup, batches: batches) { pairs, gradients, rate in
                _ = try stepper.step(&pairs, gradients: gradients, learningRate: rate)
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
                return
            }
            func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
            func times(_ t: TrainingStepBenchmark.Timing) -> String {
                "\(fixed(t.wallMilliseconds, 2)) ms wall, \(fixed(t.cpuMilliseconds, 2)) ms CPU"
            }
            print("""
            model        \(preset.rawValue): d \(config.width), layers \(config.layers), heads \(config.heads), \
            MLP \(config.mlpWidth), context \(config.contextLength), vocabulary \(config.vocabularySize)
            step         batch \(batch), LoRA rank \(rank) on q, k, v, o, optimizer \(optimizer); \
            medians of \(steps) steps after \(warmup) warm-up; \(setup.data ?? "random tokens, every position scored")
            step         \(times(result.step)) (forward alone \(times(result.forward)); update \(fixed(result.update.wallMilliseconds, 3)) ms)
            FLOPs/step   \(fixed(Double(result.flopsPerStep) / 1e9, 3)) G (matrix products of forward, activation backward, LoRA gradients)
            achieved     \(fixed(result.achievedGFLOPS, 1)) GFLOP/s wall, \(fixed(result.achievedCPUGFLOPS, 1)) GFLOP/s CPU
            sgemm        \(fixed(result.sgemmGFLOPS, 1)) GFLOP/s wall, \(fixed(result.sgemmCPUGFLOPS, 1)) GFLOP/s CPU \
            (\(setup.sgemmSize)^3, single thread, timed between the steps)
            ratio        \(fixed(100 * result.ratio, 1))% of sgemm (wall), \(fixed(100 * result.cpuRatio, 1))% (CPU time)
            BLAS         \(result.blas)
            """)
            if phases {
                for phase in result.phases {
                    let share = 100 * phase.milliseconds / result.step.wallMilliseconds
                    print("  " + phase.name.padding(toLength: 36, withPad: " ", startingAt: 0) + "\(fixed(phase.milliseconds, 2)) ms  \(fixed(share, 1))%")
                }
            }
        }
    }
}

extension Bench.TrainStep {
    /// `count` batches of `batch` training examples of `task`, drawn with a fixed seed, encoded as
    /// a fine-tuning run encodes them.
    static func taskBatches(_ name: String, count: Int, batch: Int) throws -> [TrainingStepBenchmark.Batch] {
        let task = try TaskCatalog.task(named: name)
        let encoder = TrainingExampleEncoder()
        var rng = SeededGenerator(seed: 11)
        return try (0 ..< count).map { _ in
            let encoded = try encoder.batch((0 ..< batch).map { _ in task.example(.train, rng.nextIndex(task.size(.train))) })
            return TrainingStepBenchmark.Batch(tokens: encoded.inputs, targets: encoded.targets, rows: encoded.rows, length: encoded.length)
        }
    }
}

extension ModelPreset: ExpressibleByArgument {}
