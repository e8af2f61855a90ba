import Optimizers
import Foundation
import RiteCore
import Store
@testable import Sweep
import Training

/// A fresh folder for one test's files.
func temporaryFolder() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("sweep-tests-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// An error with a fixed message (hyper-parameter refusals, executor failures).
struct TestFailure: Error, CustomStringConvertible {
    var description: String
}

/// A stand-in for the Optimizers, Tasks and Model vocabularies. `adam` has defaults beta1 0.9,
/// beta2 0.999, epsilon 1e-8, weight_decay 0; beta1 and beta2 must lie in [0, 1).
let testVocabulary = SpecVocabulary(
    optimizers: ["adam", "lora-rite", "sgd"], tasks: ["arc", "gsm"], presets: ["tiny", "small"],
    resolveHyperparameters: testHyperparameters,
    taskScores: ["arc": .init(splits: ["dev", "test"], metrics: ["accuracy", "acc_norm"], selection: "accuracy"),
                 "gsm": .init(splits: ["dev", "test"], metrics: ["exact_match", "accuracy"], selection: "exact_match")])

/// `adam`'s and `sgd`'s hyper-parameters as the test vocabulary checks them.
@Sendable func testHyperparameters(_ optimizer: String, _ overrides: [String: HyperparameterValue]) throws -> [String: HyperparameterValue] {
    let defaults: [String: HyperparameterValue] = optimizer == "sgd" ? ["momentum": .number(0)]
        : ["beta1": .number(0.9), "beta2": .number(0.999), "epsilon": .number(1e-8), "weight_decay": .number(0)]
    var resolved = defaults
    for (key, value) in overrides {
        guard defaults[key] != nil else {
            throw TestFailure(description: "unknown hyper-parameter \(key) for \(optimizer); expected one of: "
                + defaults.keys.sorted().joined(separator: ", "))
        }
        if key == "beta1" || key == "beta2" {
            guard case let .number(x) = value, x >= 0, x < 1 else {
                throw TestFailure(description: "\(key) = \(value) is outside the allowed range [0, 1)")
            }
        }
        resolved[key] = value
    }
    return resolved
}

/// What run keys depend on beyond the spec, with values a test can change.
func testContext(taskVersion: String = "1", scoring: String = "accuracy@dev,test",
                 checkpoint: String = String(repeating: "ab", count: 32), numericsVersion: Int = 1) -> RunKeyContext {
    RunKeyContext(taskVersion: { "\($0)-v\(taskVersion)" }, scoring: { _ in scoring },
                  baseCheckpointSHA256: { _ in checkpoint }, numericsVersion: numericsVersion)
}

func decodeSpec(_ text: String, file: String = "experiments/test.yaml") throws -> ExperimentSpec {
    try SpecDecoder.decode(text: text, file: file, vocabulary: testVocabulary)
}

/// A small experiment: 2 optimizers x 2 rates x 2 seeds on one task, 30 steps each.
let smallSpecText = """
name: small
preset: tiny
tasks: [arc]
optimizers: [adam, lora-rite]
learning_rates: [1e-4, 1e-3]
seeds: [0, 1]
training: {steps: 30, warmup: 5, eval_every: 10}
"""

/// A deterministic executor for tests: a loss curve and scores derived from the run itself, and
/// configurable failures, divergences, sleeps and crashes.
struct FakeExecutor: RunExecutor {
    enum Behavior: Sendable, Equatable {
        case normal
        /// Throws this message at `step`.
        case fail(message: String, step: Int)
        /// The loss explodes from `step` on (the sink's divergence rule stops the run).
        case explode(step: Int)
        /// The loss becomes NaN at `step`.
        case nan(step: Int)
        /// The executor itself returns `.diverged` at `step`.
        case reportDiverged(step: Int)
        /// The loss stays at its start: the run finishes but does not learn.
        case plateau
        /// From `step` on an adapter's product is a million times its frozen weight, the loss stays sane.
        case adapterExplodes(step: Int)
    }

    var behavior: @Sendable (ResolvedRun) -> Behavior = { _ in .normal }
    var sleepPerStep: TimeInterval = 0
    /// Called before each step (tests use it to kill or pause runs).
    var beforeStep: @Sendable (ResolvedRun, Int) -> Void = { _, _ in }
    /// The optimizer's report over steps 1 through the given step (by default: steps, no events).
    var optimizerSoFar: @Sendable (ResolvedRun, Int) -> OptimizerRunReport = { _, step in OptimizerRunReport(steps: step) }

    /// The dev accuracy a run reaches: best at lr 1e-3, worse away from it, plus a seed offset.
    static func devAccuracy(_ run: ResolvedRun) -> Double {
        0.8 - 0.1 * abs(log10(run.learningRate) + 3) + 0.001 * Double(run.seed) + (run.optimizer.name == "lora-rite" ? 0.05 : 0)
    }

    /// The training loss at `step`: a decaying curve whose start depends on the run key, in Float as
    /// the trainer's loss is (`LoRAFineTuning`), which the store keeps exactly.
    static func loss(_ run: ResolvedRun, step: Int) -> Double {
        let offset = Double(UInt64(run.key.prefix(4), radix: 16)! % 100) / 100
        return Double(Float((2 + offset) * exp(-Double(step) / Double(run.training.steps))))
    }

    func execute(_ run: ResolvedRun, sink: any RunSink) throws -> RunOutcome {
        let behavior = behavior(run)
        for step in 1 ... run.training.steps {
            beforeStep(run, step)
            if sleepPerStep > 0 { Thread.sleep(forTimeInterval: sleepPerStep) }
            var loss = Self.loss(run, step: step)
            var adapterRatio = 0.01 * run.learningRate * Double(step)
            switch behavior {
            case let .fail(message, at) where step == at: throw TestFailure(description: message)
            case let .explode(at) where step >= at: loss *= 100
            case let .nan(at) where step == at: loss = .nan
            case let .reportDiverged(at) where step == at: return .diverged(step: step, reason: "executor saw trouble")
            case .plateau: loss = Self.loss(run, step: 1)
            case let .adapterExplodes(at) where step >= at: adapterRatio = 1e6
            default: break
            }
            let scale = run.learningRate * Double(step)
            try sink.recordStep(StepReport(step: step, trainLoss: loss, learningRate: run.learningRate, pairs: [
                PairNorms(name: "layer0.q", a: 1 + scale, b: scale, deltaA: run.learningRate, deltaB: run.learningRate,
                          adapterRatio: adapterRatio),
                PairNorms(name: "layer0.v", a: 2 + scale, b: 2 * scale, deltaA: run.learningRate, deltaB: 2 * run.learningRate,
                          adapterRatio: adapterRatio / 2),
            ], optimizer: optimizerSoFar(run, step)))
            if step % run.training.evalEvery == 0 {
                try sink.recordEvaluation(Evaluation(step: step, split: "dev", metric: "accuracy",
                                                     value: Self.devAccuracy(run) * Double(step) / Double(run.training.steps)))
            }
        }
        return .done(scores: [FinalScore(split: "dev", metric: "accuracy", value: Self.devAccuracy(run)),
                              FinalScore(split: "test", metric: "accuracy", value: Self.devAccuracy(run) - 0.02)])
    }
}

/// A probe that calls every process of this host alive with the current process's token.
struct AlwaysAliveProbe: ProcessProbe {
    func startToken(of pid: Int32) -> String? { "alive" }
}

/// A probe backed by an explicit table (pids absent from it are dead).
struct TableProbe: ProcessProbe {
    var tokens: [Int32: String]
    func startToken(of pid: Int32) -> String? { tokens[pid] }
}

func worker(_ id: String, host: String = "here", pid: Int32 = 100, start: String? = "alive", at date: Date = Date()) -> WorkerInfo {
    WorkerInfo(id: id, host: host, pid: pid, processStart: start, command: "test", startedAt: date, heartbeatAt: date)
}

let testStamp = ExecutionStamp(gitCommit: "abc123", toolVersion: "0.1.0", host: "here")

func testSettings(experiment: String, shard: Shard = .whole, probe: any ProcessProbe = AlwaysAliveProbe()) -> WorkerSettings {
    var settings = WorkerSettings(experiment: experiment, shard: shard, stamp: testStamp,
                                  policy: DeadWorkerPolicy(localHost: "here", probe: probe))
    settings.heartbeatInterval = 0.2
    return settings
}

/// Starts each worker as a thread of the test process, with its own database connection.
final class ThreadWorkerLauncher: WorkerLauncher, @unchecked Sendable {
    let executor: any RunExecutor
    let probe: any ProcessProbe
    private let lock = NSLock()
    private var count = 0

    init(executor: any RunExecutor, probe: any ProcessProbe = AlwaysAliveProbe()) {
        self.executor = executor
        self.probe = probe
    }

    final class ThreadWorker: LaunchedWorker, @unchecked Sendable {
        let lock = NSLock()
        var status: Int32?
        /// Raised by `terminate()`, as SIGTERM raises a worker process's.
        let interruption = Interruption()
        /// The status the worker asked to exit with (it cannot end the test process).
        var requestedExit: Int32?
        var exitStatus: Int32? { lock.lock(); defer { lock.unlock() }; return status }
        func finish(_ value: Int32) { lock.lock(); status = requestedExit ?? value; lock.unlock() }
        func requestExit(_ value: Int32) { lock.lock(); requestedExit = value; lock.unlock() }
        func terminate() { interruption.raise(SIGTERM) }
    }

    func launch(_ request: WorkerRequest) throws -> any LaunchedWorker {
        lock.lock()
        count += 1
        let id = "thread-\(count)-\(UUID().uuidString.prefix(8))"
        lock.unlock()
        let handle = ThreadWorker()
        let executor = self.executor, probe = self.probe
        Thread {
            do {
                let store = try ResultStore(path: request.databasePath, mode: .existing)
                var settings = testSettings(experiment: request.experiment, shard: request.shard, probe: probe)
                settings.interruption = handle.interruption
                settings.exit = { handle.requestExit($0) }
                _ = try SweepWorker(store: store, identity: worker(id), executor: executor, settings: settings).run()
                handle.finish(0)
            } catch {
                handle.finish(1)
            }
        }.start()
        return handle
    }
}
