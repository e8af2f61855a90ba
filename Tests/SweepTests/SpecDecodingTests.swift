import Store
@testable import Sweep
import Testing
import Training

@Suite struct SpecDecodingTests {
    static let goodSpec = """
    name: table2
    description: Two optimizers on two tasks
    preset: tiny
    tasks: [arc, gsm]
    optimizers:
      - adam
      - name: lora-rite
        hyperparameters: {beta1: 0.95}
    ranks: [4, 16]
    learning_rates: {from: 2e-6, to: 2e-2, grid: "1-2-5"}
    seeds: [0, 1, 2]
    training:
      steps: 500
      batch: 8
      warmup: 50
      schedule: constant
      eval_every: 50
      alpha: 8
      targets: [v, q]
      eval_cap: 200
      clip_grad_norm: 1.0
    selection: {split: dev, metric: accuracy, search: first-seed, goal: max}
    """

    /// The selection metric must be one every task of the spec is scored with; without one, each
    /// task is selected on its own (the audit found SNI specs selecting on `accuracy`, a metric SNI
    /// tasks never produce, accepted at decode time).
    @Test func selectionMetricAndSplitAreCheckedAgainstEveryTask() throws {
        let head = "name: x\npreset: tiny\ntasks: [arc, gsm]\noptimizers: [adam]\nlearning_rates: [1e-3]\n"
        let own = try decodeSpec(head)
        #expect(own.selection.metric == nil)
        #expect(own.selection.metricsByTask == ["arc": "accuracy", "gsm": "exact_match"])
        #expect(own.selection.metric(for: "gsm") == "exact_match")
        #expect(throws: SpecError(file: "experiments/test.yaml", line: 6, column: 21, keyPath: "selection.metric",
                                  message: "acc_norm is not a metric of task gsm; expected one of: exact_match, accuracy")) {
            try decodeSpec(head + "selection: {metric: acc_norm}\n")
        }
        #expect(throws: SpecError(file: "experiments/test.yaml", line: 6, column: 20, keyPath: "selection.split",
                                  message: "task arc is not scored on a split \"train\"; expected one of: dev, test")) {
            try decodeSpec(head + "selection: {split: train}\n")
        }
    }

    @Test func goodSpecDecodesEveryField() throws {
        let spec = try decodeSpec(Self.goodSpec)
        #expect(spec.name == "table2")
        #expect(spec.description == "Two optimizers on two tasks")
        #expect(spec.preset == "tiny")
        #expect(spec.tasks == ["arc", "gsm"])
        #expect(spec.optimizers.map(\.name) == ["adam", "lora-rite"])
        #expect(spec.optimizers[0].hyperparameters == ["beta1": .number(0.9), "beta2": .number(0.999),
                                                       "epsilon": .number(1e-8), "weight_decay": .number(0)])
        #expect(spec.optimizers[1].hyperparameters["beta1"] == .number(0.95))
        #expect(spec.ranks == [4, 16])
        #expect(spec.learningRates.count == 13)
        #expect(spec.seeds == [0, 1, 2])
        var training = TrainingSettings()
        training.steps = 500
        training.batch = 8
        training.warmup = 50
        training.schedule = .constant
        training.evalEvery = 50
        training.alpha = 8
        training.targets = [.q, .v]
        training.evalCap = 200
        training.clipGradNorm = 1
        training.clipGradNormFollowsOptimizer = false
        #expect(spec.training == training)
        #expect(spec.selection.search == .firstSeed)
        #expect(spec.selection.split == "dev" && spec.selection.metric == "accuracy" && spec.selection.goal == .max)
        #expect(spec.selection.metricsByTask.isEmpty && spec.selection.metric(for: "gsm") == "accuracy")
        #expect(spec.text == Self.goodSpec)
    }

    @Test func defaultsAreThePapersTable5() throws {
        let spec = try decodeSpec("""
        name: minimal
        preset: tiny
        tasks: [arc]
        optimizers: [adam]
        learning_rates: [1e-4]
        """)
        #expect(spec.ranks == [16])
        #expect(spec.seeds == [0])
        let t = spec.training
        #expect(t.steps == 2000 && t.batch == 16 && t.warmup == 100 && t.schedule == .linear && t.evalEvery == 100)
        #expect(t.alpha == 16 && t.targets == [.q, .k, .v, .o] && t.evalCap == nil && t.clipGradNorm == nil)
        #expect(spec.selection.search == .full && spec.selection.split == "dev" && spec.selection.goal == .max)
        #expect(spec.description == "")
    }

    /// Each bad spec and the exact message it gets: file:line:column: key path: what was expected.
    @Test(arguments: [
        ("name: x\ntrainig: {steps: 5}\n",
         "experiments/test.yaml:2:1: trainig: unknown key; expected one of: name, description, preset, tasks, optimizers, "
            + "ranks, learning_rates, seeds, training, selection (did you mean training?)"),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers: [adam]\nlearning_rates: [1e-3]\ntraining:\n  steps: 50\n  stepz: 5\n",
         "experiments/test.yaml:8:3: training.stepz: unknown key; expected one of: steps, batch, warmup, schedule, eval_every, "
            + "alpha, targets, eval_cap, clip_grad_norm (did you mean steps?)"),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers: [adam]\nlearning_rates: [1e-3]\ntraining: {steps: ten}\n",
         "experiments/test.yaml:6:19: training.steps: expected a number of steps in 1 ... 100000, found the string \"ten\""),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers: [adam]\nlearning_rates: [1e-3]\ntraining: {steps: \"500\"}\n",
         "experiments/test.yaml:6:19: training.steps: expected a number of steps in 1 ... 100000, found the string \"500\""),
        ("name: x\npreset: tiny\ntasks: arc\noptimizers: [adam]\nlearning_rates: [1e-3]\n",
         "experiments/test.yaml:3:8: tasks: expected a list of task names, found the string \"arc\""),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers: [adam, adamw]\nlearning_rates: [1e-3]\n",
         "experiments/test.yaml:4:20: optimizers[1]: unknown optimizer \"adamw\"; expected one of: adam, lora-rite, sgd"),
        ("name: x\npreset: tiny\ntasks: [arc, hellaswag]\noptimizers: [adam]\nlearning_rates: [1e-3]\n",
         "experiments/test.yaml:3:14: tasks[1]: unknown task \"hellaswag\"; expected one of: arc, gsm"),
        ("name: x\npreset: huge\ntasks: [arc]\noptimizers: [adam]\nlearning_rates: [1e-3]\n",
         "experiments/test.yaml:2:9: preset: unknown preset \"huge\"; expected one of: tiny, small"),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers: [adam]\nlearning_rates: [1e-3]\nseeds: []\n",
         "experiments/test.yaml:6:8: seeds: expected a list of seeds, found an empty list"),
        ("name: x\npreset: tiny\ntasks: []\noptimizers: [adam]\nlearning_rates: [1e-3]\n",
         "experiments/test.yaml:3:8: tasks: expected a list of task names, found an empty list"),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers: [adam]\nlearning_rates: [1e-3, 0]\n",
         "experiments/test.yaml:5:24: learning_rates[1]: expected a learning rate in (0, 1], found the integer 0"),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers: [adam]\nlearning_rates: [-1e-4]\n",
         "experiments/test.yaml:5:18: learning_rates[0]: expected a learning rate in (0, 1], found the number -0.0001"),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers: [adam]\nlearning_rates: {from: 2e-2, to: 2e-6}\n",
         "experiments/test.yaml:5:34: learning_rates.to: inverted range: expected a value >= from (0.02), found the number 2e-06"),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers: [adam]\nlearning_rates: {from: 3e-6, to: 4e-6}\n",
         "experiments/test.yaml:5:17: learning_rates: the range holds no point of its grid; expected a wider range"),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers: [adam]\nlearning_rates: {from: 1e-6, to: 1e-2, grid: 1-5-2}\n",
         "experiments/test.yaml:5:46: learning_rates.grid: expected a grid such as \"1-2-5\" (increasing digits 1 to 9, "
            + "separated by dashes), found the string \"1-5-2\""),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers:\n  - name: adam\n    hyperparameters: {beta1: 1.5}\nlearning_rates: [1e-3]\n",
         "experiments/test.yaml:6:30: optimizers[0].hyperparameters.beta1: beta1 = 1.5 is outside the allowed range [0, 1)"),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers:\n  - name: sgd\n    hyperparameters: {nesterov: true}\nlearning_rates: [1e-3]\n",
         "experiments/test.yaml:6:33: optimizers[0].hyperparameters.nesterov: unknown hyper-parameter nesterov for sgd; "
            + "expected one of: momentum"),
        ("name: x\npreset: tiny\noptimizers: [adam]\nlearning_rates: [1e-3]\n",
         "experiments/test.yaml:1:1: tasks: missing; expected a list of task names"),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers: [adam]\nlearning_rates: [1e-3]\nseeds: [0, 1, 0]\n",
         "experiments/test.yaml:6:15: seeds[2]: duplicate value; each value may appear once"),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers: [adam]\nlearning_rates: [1e-3]\ntraining: {steps: 50, warmup: 50}\n",
         "experiments/test.yaml:6:31: training.warmup: expected fewer warm-up steps than training steps (50), found the integer 50"),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers: [adam]\nlearning_rates: [1e-3]\ntraining: {steps: 50}\n",
         "experiments/test.yaml:6:11: training.warmup: the default warm-up (100 steps) is not fewer than the training steps (50); "
            + "expected warmup to be set"),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers: [adam]\nlearning_rates: [1e-3]\ntraining: {schedule: cosine}\n",
         "experiments/test.yaml:6:22: training.schedule: expected one of: linear, constant, found the string \"cosine\""),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers: [adam]\nlearning_rates: [1e-3]\ntraining: {targets: [q, up]}\n",
         "experiments/test.yaml:6:25: training.targets[1]: expected one of: q, k, v, o, found the string \"up\""),
        ("name: x\npreset: tiny\ntasks: [arc]\noptimizers: [adam]\nlearning_rates: [1e-3]\nselection: {search: all}\n",
         "experiments/test.yaml:6:21: selection.search: expected one of: full, first-seed, found the string \"all\""),
        ("name: Table 2\npreset: tiny\n",
         "experiments/test.yaml:1:7: name: expected a name of lowercase letters, digits, '.', '_' or '-', found the string \"Table 2\""),
        ("name: x\nseeds: [0]\nseeds: [1]\n",
         "experiments/test.yaml:2:1: seeds: duplicate key"),
        ("- just\n- a list\n",
         "experiments/test.yaml:1:1: expected a mapping of experiment settings, found a list"),
    ])
    func badSpecIsRefusedWithItsLocation(text: String, message: String) {
        #expect {
            _ = try decodeSpec(text)
        } throws: { error in
            let shown = String(describing: error)
            if shown != message { Issue.record("got \(shown)") }
            return shown == message
        }
    }

    @Test func yamlSyntaxErrorNamesFileAndLine() throws {
        let error = try #require(throws: SpecError.self) { try decodeSpec("name: x\ntasks: [arc\npreset: tiny\n") }
        #expect(error.file == "experiments/test.yaml")
        #expect(error.line >= 2)
        #expect(error.message.hasPrefix("not valid YAML: "))
    }

    @Test func unreadableFileIsNamed() throws {
        let error = try #require(throws: SpecError.self) {
            try SpecDecoder.load(path: "/nonexistent/exp.yaml", vocabulary: testVocabulary)
        }
        #expect(error.description == "/nonexistent/exp.yaml: cannot read the file")
    }

    @Test func plainScalarsFollowTheCoreSchema() throws {
        let spec = try decodeSpec("""
        name: x
        preset: tiny
        tasks: [arc]
        optimizers:
          - {name: sgd, hyperparameters: {momentum: 9e-1}}
        learning_rates: [2e-6, 0.5, 1]
        """)
        #expect(spec.learningRates == [2e-6, 0.5, 1])
        #expect(spec.optimizers[0].hyperparameters["momentum"] == .number(0.9))
    }

    @Test func emptyDescriptionIsAllowedButNotAnEmptyName() throws {
        #expect(try decodeSpec("name: x\ndescription: \"\"\npreset: tiny\ntasks: [arc]\noptimizers: [adam]\nlearning_rates: [1e-3]\n")
            .description == "")
        #expect(throws: SpecError(file: "experiments/test.yaml", line: 1, column: 7, keyPath: "name",
                                  message: "expected a name of lowercase letters, digits, '.', '_' or '-', found the string \"\"")) {
            try decodeSpec("name: \"\"\n")
        }
    }

    @Test func experimentPathsResolve() {
        #expect(ExperimentFiles.path(for: "table2") == "experiments/table2.yaml")
        #expect(ExperimentFiles.path(for: "specs/t.yaml") == "specs/t.yaml")
        #expect(ExperimentFiles.path(for: "t.yml") == "t.yml")
    }
}
