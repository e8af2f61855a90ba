import ArgumentParser
import Foundation
import LinearAlgebra
import Model
import Optimizers
import Report
import RiteCore
import Store
import Sweep
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

        @Flag(help: """
            Measure Table 4 and record it in the database: the mean step time over --window steps of every optimizer \
            of --optimizers on every preset of --presets, in --rounds alternating rounds, on the batches of --task \
            (default openbookqa-style, the table's task); the median over rounds (Table 4) and each round's mean \
            (claim C7 pairs Adam and LoRA-RITE by round) are recorded, replacing earlier train-step timings. --preset, --optimizer and --steps are not used.
            """)
        var record = false

        @Option(parsing: .upToNextOption, help: "With --record: the presets.")
        var presets: [ModelPreset] = [.tiny, .small]

        @Option(parsing: .upToNextOption, help: "With --record: the optimizers.")
        var optimizers: [String] = ReportCatalog.paperOptimizers

        @Option(help: "With --record: rounds (each times every preset and optimizer once; the order of the optimizers turns every round).")
        var rounds: Int = 7

        @Option(help: "With --record: consecutive steps timed per round (their mean, so periodic work such as Shampoo's roots counts).")
        var window: Int = 100

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            guard OptimizerFactory.names.contains(optimizer) else {
                throw ValidationError("--optimizer \(optimizer) is unknown; expected one of \(OptimizerFactory.names.joined(separator: ", "))")
            }
            for (name, value) in [("--rank", rank), ("--batch", batch), ("--context", context), ("--steps", steps)] where value < 1 {
                throw ValidationError("\(name) = \(value); expected at least 1")
            }
            if vocab < 2 { throw ValidationError("--vocab = \(vocab); expected at least 2") }
            for name in optimizers where !OptimizerFactory.names.contains(name) {
                throw ValidationError("--optimizers: unknown optimizer \(name); expected among \(OptimizerFactory.names.joined(separator: ", "))")
            }
            if rounds < 1 || window < 1 { throw ValidationError("--rounds and --window must be at least 1") }
            if let task, !TaskCatalog.names.contains(task) {
                throw ValidationError("--task \(task) is unknown; expected one of \(TaskCatalog.names.joined(separator: ", "))")
            }
            if warmup < 0 { throw ValidationError("--warmup = \(warmup); expected at least 0") }
            if !(alpha > 0) { throw ValidationError("--alpha = \(alpha); expected a positive number") }
        }

        func run() throws {
            if record { return try recordTable4() }
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
    /// `--record`: Table 4's steps per second, measured in alternating rounds and recorded.
    func recordTable4() throws {
        let taskName = task ?? "openbookqa-style"
        let lora = LoRAConfig(rank: rank, alpha: alpha)
        let build = Self.buildDescription()
        print("Table 4 benchmark: \(taskName) train split, batch \(batch), rank \(rank); per round the mean of \(window) steps after \(warmup)")
        print("BLAS  \(BLASRuntime.configuration)")
        print("build \(build)")
        print("round  preset  optimizer     ms/step   steps/s")
        var seconds: [ModelPreset: [String: [Double]]] = [:]
        for round in 1 ... rounds {
            for preset in presets {
                let config = preset.config(vocabularySize: Tokenizer.standard.vocabularySize, contextLength: TaskCatalog.contextLength)
                let batches = try Self.taskBatches(taskName, count: warmup + window, batch: batch)
                let shift = (round - 1) % optimizers.count
                for optimizer in Array(optimizers[shift...] + optimizers[..<shift]) {
                    let shapes = (0 ..< config.layers * lora.orderedTargets.count).map { _ in
                        LoRAShape(rank: lora.rank, inFeatures: config.width, outFeatures: config.width)
                    }
                    let stepper = try OptimizerFactory.make(optimizer, hyperparameters: try OptimizerFactory.resolve(optimizer, overrides: [:]),
                                                            shapes: shapes, scalar: Float.self)
                    let setup = TrainingStepBenchmark.Setup(config: config, batch: batch, lora: lora, warmupSteps: warmup, measuredSteps: window)
                    let mean = try TrainingStepBenchmark.meanStepSeconds(setup, batches: batches) { pairs, gradients, rate in
                        _ = try stepper.step(&pairs, gradients: gradients, learningRate: rate)
                    }
                    seconds[preset, default: [:]][optimizer, default: []].append(mean)
                    print(String(format: "%5d  %@  %@  %8.2f  %8.1f", round, preset.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0),
                                 optimizer.padding(toLength: 11, withPad: " ", startingAt: 0), mean * 1e3, 1 / mean))
                }
            }
        }
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted(), mid = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        }
        let host = LocalProcessProbe.hostName, now = Date()
        var timings: [Timing] = []
        print("\nmedians over \(rounds) rounds:")
        for preset in presets {
            let width = preset.config(vocabularySize: Tokenizer.standard.vocabularySize, contextLength: TaskCatalog.contextLength).width
            let adam = seconds[preset]?["adam"].map(median)
            for optimizer in optimizers {
                let value = median(seconds[preset]![optimizer]!)
                // The median over rounds (Table 4), then each round's own mean: claim C7 pairs Adam and
                // LoRA-RITE round by round.
                func timing(_ seconds: Double, samples: Int, round: Int?) -> Timing {
                    Timing(benchmark: "train-step", optimizer: optimizer, preset: preset.rawValue, m: width, n: width, r: rank,
                           batch: batch, medianSeconds: seconds, samples: samples, host: host, toolVersion: ToolVersion.current,
                           measuredAt: now, blas: BLASRuntime.configuration, build: build,
                           workload: "\(taskName) train split, mean of \(window) steps after \(warmup)", round: round)
                }
                timings.append(timing(value, samples: rounds, round: nil))
                for (index, roundSeconds) in seconds[preset]![optimizer]!.enumerated() {
                    timings.append(timing(roundSeconds, samples: window, round: index + 1))
                }
                let relative = adam.map { String(format: "%.3f", $0 / value) } ?? "-"
                print(String(format: "  %@  %@  %8.2f ms  %7.1f steps/s  relative to adam %@", preset.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0),
                             optimizer.padding(toLength: 11, withPad: " ", startingAt: 0), value * 1e3, 1 / value, relative))
            }
        }
        try ResultStore(path: database.path).replaceTimings(of: "train-step", with: timings)
        print("recorded \(timings.count) timings (medians and rounds) in \(database.path)")
    }

    /// The build: its git commit, configuration and instruction set.
    static func buildDescription() -> String {
        #if DEBUG
        let configuration = "debug"
        #else
        let configuration = "release"
        #endif
        let instructions = BuildCPUCheck.required.isEmpty ? "baseline instructions" : "AVX2 and FMA"
        return "\(GitRevision.current() ?? "unknown commit") (\(configuration), \(instructions))"
    }

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
