import ArgumentParser
import Foundation
import LinearAlgebra
import Model
import Optimizers
import RiteCore
import Sweep
import Tasks
import Training

extension Bench {
    /// `rite-repro bench eval`: the time of evaluation, multiple-choice scoring and greedy
    /// generation measured separately, with the model's caches (contexts shared by their choices,
    /// keys and values kept while decoding) and without them, alternating, in one process.
    struct Evaluation: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eval",
            abstract: "Time the evaluation of tasks (multiple choice and generation) with and without the model's caches.",
            discussion: """
            The preset's base model gets LoRA adapters (rank 16 on q, k, v, o) fine-tuned for --train-steps Adam steps \
            on each task's training split, so that its answers end as a fine-tuned run's do; then the first --examples \
            examples of the split are scored --rounds times each way, alternating. Prints the median seconds, examples \
            per second, the ratio, and whether both ways gave the same scores. Use a release build.
            """
        )

        @Option(help: "Model preset (\(ModelPreset.allCases.map(\.rawValue).joined(separator: ", "))).")
        var preset: ModelPreset = .tiny

        @Option(parsing: .upToNextOption, help: "Tasks to evaluate.")
        var tasks: [String] = ["openbookqa-style", "hellaswag-style", "arc-style", "gsm8k-style", "sni-cause-effect", "sni-title"]

        @Option(help: "The split to score.")
        var split: Split = .dev

        @Option(help: "Examples scored per measurement (as a run's eval_cap).")
        var examples: Int = 250

        @Option(help: "Measurements each way (the median is reported).")
        var rounds: Int = 3

        @Option(help: "Adam steps (learning rate 3e-3, batch 16) on the task's training split before timing.")
        var trainSteps: Int = 300

        @OptionGroup var database: DatabaseOptions

        func validate() throws {
            for task in tasks where !TaskCatalog.names.contains(task) {
                throw ValidationError("--tasks: unknown task \(task); expected among \(TaskCatalog.names.joined(separator: ", "))")
            }
            if examples < 1 || rounds < 1 || trainSteps < 0 { throw ValidationError("--examples and --rounds must be at least 1, --train-steps at least 0") }
        }

        /// The transformer without its caches, for comparison.
        struct Uncached: ScoringModel {
            let model: Transformer
            func logLikelihoods(_ requests: [(context: [Int32], continuation: [Int32])]) -> [Double] {
                model.logLikelihoods(requests, shareContexts: false)
            }
            func generate(prompts: [[Int32]], maxNewTokens: Int, stop: Int32) -> [[Int32]] {
                model.generate(prompts: prompts, maxNewTokens: maxNewTokens, stop: stop, cached: false)
            }
        }

        func run() throws {
            let models = BaseModels.beside(database: database.path)
            let file = try models.ensure(preset) { print($0) }
            print("model      \(preset.rawValue) base model \(file.path), LoRA rank 16, \(trainSteps) Adam steps per task")
            print("scoring    first \(examples) examples of \(split.rawValue); medians of \(rounds) rounds, cached and uncached alternating")
            print("")
            print("task              format           cached s  uncached s  examples/s cached  speed-up  same scores")
            try FloatingPointEnvironment.withSubnormalsFlushed {
                for name in tasks {
                    let task = try TaskCatalog.task(named: name)
                    let model = try models.load(preset, expectedSHA256: file.sha256, maxBatch: 16)
                    try fineTune(model, task: task)
                    let evaluator = Evaluator()
                    var cached: [Double] = [], uncached: [Double] = []
                    var same = true
                    for _ in 0 ..< rounds {
                        let (a, withCache) = try Self.time { try evaluator.evaluate(task: task, split: split, model: model, cap: examples) }
                        let (b, without) = try Self.time { try evaluator.evaluate(task: task, split: split, model: Uncached(model: model), cap: examples) }
                        cached.append(a)
                        uncached.append(b)
                        same = same && withCache.scores == without.scores
                    }
                    let count = min(examples, task.size(split))
                    let c = Self.median(cached), u = Self.median(uncached)
                    print(name.padding(toLength: 18, withPad: " ", startingAt: 0) + task.format.rawValue.padding(toLength: 17, withPad: " ", startingAt: 0)
                          + String(format: "%8.3f  %10.3f  %17.1f  %7.2fx  %@", c, u, Double(count) / c, u / c, same ? "yes" : "no"))
                }
            }
        }

        /// A few Adam steps on the task's training split, so that generations end as a fine-tuned run's do.
        func fineTune(_ model: Transformer, task: any BenchmarkTask) throws {
            model.attachLoRA(LoRAConfig(rank: 16, alpha: 16), seed: 1)
            guard trainSteps > 0 else { return }
            let shapes = model.loraPairs.map { LoRAShape(rank: $0.rank, inFeatures: $0.inFeatures, outFeatures: $0.outFeatures) }
            let adam = try OptimizerFactory.make("adam", hyperparameters: try OptimizerFactory.resolve("adam", overrides: [:]),
                                                 shapes: shapes, scalar: Float.self)
            let encoder = TrainingExampleEncoder()
            var rng = SeededGenerator(seed: 5)
            for _ in 0 ..< trainSteps {
                let batch = try encoder.batch((0 ..< 16).map { _ in task.example(.train, rng.nextIndex(task.size(.train))) })
                _ = batch.inputs.withUnsafeBufferPointer { x in
                    batch.targets.withUnsafeBufferPointer { y in
                        model.forwardBackward(tokens: x, targets: y, batch: batch.rows, length: batch.length, mode: .lora)
                    }
                }
                var gradients = model.loraGradients
                _ = clipGlobalNorm(&gradients, maxNorm: 1)
                _ = try adam.step(&model.loraPairs, gradients: gradients, learningRate: 3e-3)
            }
        }

        static func time<R>(_ body: () throws -> R) rethrows -> (Double, R) {
            let clock = ContinuousClock(), start = clock.now
            let result = try body()
            let elapsed = clock.now - start
            return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18, result)
        }

        static func median(_ values: [Double]) -> Double {
            let sorted = values.sorted(), mid = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        }
    }
}

