import Foundation
import Model
import Optimizers
@testable import Report
import RiteCore
import Store
import Sweep
import Tasks
import Testing
import Training

/// A user's own experiment end to end: a tiny two-optimizer spec is swept for real (a briefly
/// pretrained tiny base model, LoRA fine-tuning of a few steps), stored, then tabled (Markdown,
/// CSV parsed back, LaTeX compiled), plotted (SVG converted to PNG) and exported.
@Suite(.serialized) struct UserExperimentSweepTests {
    static let specText = """
    name: my-first-study
    description: Adam against LoRA-RITE at rank 4, a user's own experiment
    preset: tiny
    tasks: [arc-style]
    optimizers: [adam, lora-rite]
    ranks: [4]
    learning_rates: [3e-3, 1e-2]
    seeds: [0, 1]
    training: {steps: 30, batch: 4, warmup: 3, eval_every: 30, eval_cap: 8}
    selection: {split: dev, metric: acc_norm, goal: max}
    """

    /// Runs every worker to completion inside `launch` (one at a time), with the real executor.
    struct InlineLauncher: WorkerLauncher {
        let executor: any RunExecutor
        final class Finished: LaunchedWorker {
            let exitStatus: Int32?
            init(_ status: Int32) { exitStatus = status }
        }

        func launch(_ request: WorkerRequest) throws -> any LaunchedWorker {
            let store = try ResultStore(path: request.databasePath, mode: .existing)
            let policy = DeadWorkerPolicy(localHost: "here", probe: AlwaysAlive())
            let identity = WorkerInfo(id: "inline-\(request.number)", host: "here", pid: 1, processStart: "alive", command: "test",
                                      startedAt: Date(), heartbeatAt: Date())
            var settings = WorkerSettings(experiment: request.experiment, shard: request.shard,
                                          stamp: ExecutionStamp(gitCommit: nil, toolVersion: "test", host: "here"), policy: policy)
            // The base model here is pretrained for 4 steps, so 30 steps lower the loss only a little; this
            // test is about what is rendered, so any decrease counts as learning (the real rule asks for 25%).
            settings.outcomes.learnedFraction = 1
            _ = try SweepWorker(store: store, identity: identity, executor: executor, settings: settings).run()
            return Finished(0)
        }
    }

    struct AlwaysAlive: ProcessProbe {
        func startToken(of pid: Int32) -> String? { "alive" }
    }

    /// The swept database, made once for the suite.
    static let swept: (store: ResultStore, spec: ExperimentSpec, result: SweepResult) = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rite-user-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let models = BaseModels(directory: folder) { preset in
            var recipe = BaseModelRecipe.standard(preset)
            recipe.corpusTokens = 20_000
            recipe.pretraining.steps = 4
            recipe.pretraining.warmupSteps = 1
            return recipe
        }
        let base = try! models.ensure(.tiny) { _ in }
        let vocabulary = SpecVocabulary.standard
        let context = RunKeyContext(taskVersion: { try TaskCatalog.task(named: $0).version },
                                    scoring: { RunScoring.describe(try TaskCatalog.task(named: $0)) },
                                    baseCheckpointSHA256: { _ in base.sha256 },
                                    defaultClipGradNorm: { OptimizerFactory.usesTrainerGradientClipping($0) ? 1 : nil })
        let spec = try! SpecDecoder.decode(text: specText, file: "experiments/my-first-study.yaml", vocabulary: vocabulary)
        let path = folder + "/rite.sqlite"
        let store = try! ResultStore(path: path)
        var options = SweepOptions(databasePath: path, jobs: 1, policy: DeadWorkerPolicy(localHost: "here", probe: AlwaysAlive()))
        options.pollInterval = 0.01
        let result = try! SweepCoordinator(store: store, grid: SweepGrid(spec: spec, context: context), options: options,
                                           launcher: InlineLauncher(executor: LoRAFineTuning(baseModels: models)),
                                           printer: ProgressPrinter(isTerminal: false, summaryInterval: 0) { _ in }).run()
        return (store, spec, result)
    }()

    /// What the command line passes: the stored runs and the rule decoded from the stored spec.
    static func input() throws -> (input: ExperimentInput, reader: StoreReader) {
        let stored = try #require(try swept.store.experiment(named: "my-first-study"))
        #expect(stored.specText == specText)
        let selection = swept.spec.selection
        let rule = try ExperimentSelectionRule(experiment: "my-first-study", split: selection.split, metric: selection.metric,
                                               goal: selection.goal.rawValue, taskMetrics: selection.metricsByTask)
        let reader = StoreReader(store: swept.store)
        let results = try reader.results(experiments: ["my-first-study"]).results
        return (ExperimentInput(experiments: ["my-first-study"], results: results, rules: ["my-first-study": rule],
                                primaryMetrics: ["arc-style": "accuracy"], toolVersion: "test"), reader)
    }

    /// Per optimizer, the expected cell worked out from the stored scores: the rate with the best
    /// mean dev acc_norm over both seeds (a tie to the smaller), then the test scores there.
    static func expected(_ results: [RunResult], optimizer: String) -> (rate: Double, accNorm: String, accuracy: String) {
        let runs = results.filter { $0.optimizer == optimizer }
        var best: (rate: Double, score: Double)?
        for rate in [3e-3, 1e-2] {
            let scores = runs.filter { $0.learningRate == rate }.map { $0.devScores["acc_norm"]! }
            let mean = scores.reduce(0, +) / Double(scores.count)
            if best == nil || mean > best!.score { best = (rate, mean) }
        }
        func cell(_ metric: String) -> String {
            let values = runs.filter { $0.learningRate == best!.rate }.sorted { $0.seed < $1.seed }.map { $0.testScores[metric]! * 100 }
            let mean = (values[0] + values[1]) / 2
            let sd = (((values[0] - mean) * (values[0] - mean) + (values[1] - mean) * (values[1] - mean)) / 1).squareRoot()
            return "\(NumberFormat.fixed(mean, decimals: 2)) ± \(NumberFormat.fixed(sd, decimals: 2)) (n=2)"
        }
        return (best!.rate, cell("acc_norm"), cell("accuracy"))
    }

    @Test func sweptRunsAreStoredAndLearned() throws {
        #expect(Self.swept.result.counts == [.done: 8])
        let results = try Self.input().input.results
        #expect(results.count == 8 && Set(results.map(\.optimizer)) == ["adam", "lora-rite"])
        #expect(results.allSatisfy { $0.status == .done && $0.testScores.keys.sorted() == ["acc_norm", "accuracy"] })
        // Every run's training loss fell: the runs learned, they are not merely finished.
        for run in results {
            let loss = try Self.swept.store.stepMetrics(runKey: run.runKey).map(\.trainLoss)
            #expect(loss.count == 30 && loss.suffix(5).reduce(0, +) / 5 < loss.prefix(5).reduce(0, +) / 5)
        }
    }

    @Test func tableMarkdownAndCSVAgreeWithTheStoredScores() throws {
        let input = try Self.input().input
        let markdown = try ExperimentTableBuilder.render(input)
        #expect(markdown.hasPrefix("### Experiment `my-first-study`: scores at the selected learning rate (preset tiny, rank 4)\n"))
        #expect(markdown.contains("| Optimizer | arc-style (acc) | arc-style (acc_norm) | arc-style (lr) |\n"))
        let csv = try ExperimentTableBuilder.render(input, format: .csv)
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines.first == ExperimentTableBuilder.csvColumns && lines.count == 1 + 4)
        let header = lines[0]
        for (optimizer, display) in [("adam", "Adam"), ("lora-rite", "LoRA-RITE")] {
            let expected = Self.expected(input.results, optimizer: optimizer)
            let markdownRow = try #require(row(markdown, startingWith: "| \(display) |"))
            // Bold marks are the only difference a cell can have from the plain text.
            // (With two rates, either is an edge of the grid.)
            #expect(markdownRow.replacingOccurrences(of: "**", with: "")
                == "| \(display) | \(expected.accuracy) | \(expected.accNorm) | \(NumberFormat.scientific(expected.rate)) † |")
            let csvRow = try #require(lines.first { $0[0] == optimizer && $0[4] == "acc_norm" })
            let fields = Dictionary(uniqueKeysWithValues: zip(header, csvRow))
            #expect(fields["rank"] == "4" && fields["task"] == "arc-style" && fields["n"] == "2" && fields["runs"] == "2")
            #expect("\(fields["mean"]!) ± \(fields["sd"]!) (n=2)" == expected.accNorm)
            #expect(Double(fields["learning_rate"]!) == expected.rate && fields["at_grid_edge"] == "true")
        }
    }

    @Test func latexCompilesAndFiguresConvert() throws {
        let (input, reader) = try Self.input()
        try LaTeXCheck.compile(try ExperimentTableBuilder.render(input, format: .latex), name: "my-first-study")
        let curves = try reader.curves(runKeys: input.results.map(\.runKey))
        for (name, request) in [("loss", ExperimentFigureRequest(metric: .trainLoss)),
                                ("b-update", ExperimentFigureRequest(metric: .updateRatioB)),
                                ("rates", ExperimentFigureRequest(metric: .trainLoss, rates: .all(optimizer: "lora-rite")))] {
            let figure = try ExperimentFigureBuilder.build(input, curves: curves, request: request)
            try SVGCheck.validate(figure.svg, name: "my-first-study-\(name)")
            #expect(figure.caption.contains("2 seeds plotted"))
        }
    }

    @Test func exportHasEveryRunWithItsScores() throws {
        let input = try Self.input().input
        let csv = try ExperimentExport.runs(input, format: .csv)
        let lines = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(lines[0] == ExperimentExport.runColumns + ExperimentExport.runSummaryColumns
            + ["dev_accuracy", "test_accuracy", "dev_acc_norm", "test_acc_norm"])
        #expect(lines.count == 1 + 8)
        let rows = lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(lines[0], $0)) }
        #expect(rows.filter { $0["selected"] == "true" }.count == 4)
        for run in input.results {
            let exported = try #require(rows.first { $0["run_key"] == run.runKey })
            #expect(Double(exported["test_acc_norm"]!) == run.testScores["acc_norm"] && exported["status"] == "done")
        }
    }
}
