import Foundation
import Model
import Optimizers
@testable import Sweep
import Tasks
import Testing

/// Item 4: specs that used to be accepted and fail later (or never finish) are refused when read,
/// with the file, line, key, value and the allowed range.
@Suite struct SpecLimitTests {
    /// The test vocabulary with what each task scores and the presets' widths.
    static let vocabulary: SpecVocabulary = {
        var vocabulary = testVocabulary
        vocabulary.taskScores = ["arc": .init(splits: ["dev", "test"], metrics: ["accuracy", "acc_norm"], selection: "acc_norm"),
                                 "gsm": .init(splits: ["dev", "test"], metrics: ["exact_match"], selection: "exact_match")]
        vocabulary.presetWidths = ["tiny": 64, "small": 128]
        return vocabulary
    }()

    static let head = "name: x\npreset: tiny\ntasks: [arc]\noptimizers: [adam]\n"

    static let cases: [(String, String)] = [
        (head + "ranks: [16, 128]\nlearning_rates: [1e-3]\n",
         "experiments/test.yaml:5:13: ranks[1]: expected a LoRA rank (at most the width of the tiny preset's q, k, v, o projections) "
            + "in 1 ... 64, found the integer 128"),
        (head + "learning_rates: [1e-3]\ntraining: {batch: 100000000}\n",
         "experiments/test.yaml:6:19: training.batch: expected a batch size in 1 ... 128, found the integer 100000000"),
        (head + "learning_rates: [1e-3]\ntraining: {steps: 2000000}\n",
         "experiments/test.yaml:6:19: training.steps: expected a number of steps in 1 ... 100000, found the integer 2000000"),
        (head + "learning_rates: [1e-3]\ntraining: {steps: 50, warmup: 5, eval_every: 100}\n",
         "experiments/test.yaml:6:46: training.eval_every: expected a number of steps (at most training.steps) in 1 ... 50, "
            + "found the integer 100"),
        (head + "learning_rates: [1e-3]\ntraining: {eval_cap: 1000000}\n",
         "experiments/test.yaml:6:22: training.eval_cap: expected a number of examples in 1 ... 100000, found the integer 1000000"),
        (head + "learning_rates: {from: 1e-300, to: 1e300, grid: \"1-2-3-4-5-6-7-8-9\"}\n",
         "experiments/test.yaml:5:36: learning_rates.to: expected a learning rate in (0, 1], found the number 1e+300"),
        (head + "learning_rates: {from: 1e-100, to: 1, grid: \"1-2-3-4-5-6-7-8-9\"}\n",
         "experiments/test.yaml:5:17: learning_rates: the range holds 901 learning rates; expected at most 100 "
            + "(a narrower range or a coarser grid)"),
        (head + "learning_rates: [3]\n",
         "experiments/test.yaml:5:18: learning_rates[0]: expected a learning rate in (0, 1], found the integer 3"),
        (head + "learning_rates: [1e-3]\nselection: {metric: acuracy}\n",
         "experiments/test.yaml:6:21: selection.metric: acuracy is not a metric of task arc; expected one of: accuracy, acc_norm "
            + "(did you mean accuracy?)"),
        (head + "learning_rates: [1e-3]\nselection: {split: train}\n",
         "experiments/test.yaml:6:20: selection.split: task arc is not scored on a split \"train\"; expected one of: dev, test"),
        ("name: x\npreset: tiny\ntasks: [arc, gsm]\noptimizers: [adam]\nlearning_rates: [1e-3]\nselection: {metric: accuracy}\n",
         "experiments/test.yaml:6:21: selection.metric: accuracy is not a metric of task gsm; expected one of: exact_match"),
        ("name: x\npreset: tiny\ntasks: [arc, gsm]\noptimizers: [adam]\nlearning_rates: [1e-3]\n"
            + "selection: {metric: {arc: acc_norm, gsm: rouge_l}}\n",
         "experiments/test.yaml:6:42: selection.metric.gsm: rouge_l is not a metric of task gsm; expected one of: exact_match"),
        ("name: x\npreset: tiny\ntasks: [arc, gsm]\noptimizers: [adam]\nlearning_rates: [1e-3]\nselection: {metric: {arc: acc_norm}}\n",
         "experiments/test.yaml:6:21: selection.metric: no metric for task gsm; expected one for each task: arc, gsm"),
        ("name: x\npreset: tiny\ntasks: [arc, gsm]\noptimizers: [adam]\nlearning_rates: [1e-3]\n"
            + "selection: {metric: {arc: acc_norm, gsm: exact_match, hellaswag: accuracy}}\n",
         "experiments/test.yaml:6:55: selection.metric.hellaswag: hellaswag is not a task of this spec; expected one of: arc, gsm"),
        (head + "learning_rates: [1e-3]\nseeds: [" + (0 ... 100).map(String.init).joined(separator: ", ") + "]\n",
         "experiments/test.yaml:6:8: seeds: expected at most 100 seeds, found 101"),
        ("name: x\npreset: tiny\ntasks: [arc, gsm]\noptimizers: [adam, lora-rite, sgd]\nranks: [1, 2, 4, 8, 16, 32, 64]\n"
            + "learning_rates: {from: 1e-8, to: 1, grid: \"1-2-5\"}\nseeds: [" + (0 ..< 100).map(String.init).joined(separator: ", ")
            + "]\nselection: {metric: {arc: accuracy, gsm: exact_match}}\n",
         "experiments/test.yaml:1:1: the grid has 105000 runs (seeds x tasks x optimizers x ranks x learning rates); expected at most "
            + "10000: split it into several experiments"),
    ]

    @Test(arguments: cases)
    func refusedWithItsLocationAndRange(text: String, message: String) {
        #expect(throws: SpecError.self) { try SpecDecoder.decode(text: text, file: "experiments/test.yaml", vocabulary: Self.vocabulary) }
        do {
            _ = try SpecDecoder.decode(text: text, file: "experiments/test.yaml", vocabulary: Self.vocabulary)
        } catch {
            #expect("\(error)" == message)
        }
    }

    @Test func aMetricPerTaskIsWhatSelectionUses() throws {
        let spec = try SpecDecoder.decode(text: "name: x\npreset: small\ntasks: [arc, gsm]\noptimizers: [adam]\nranks: [128]\n"
            + "learning_rates: [1e-3]\nselection: {split: test, metric: {arc: acc_norm, gsm: exact_match}}\n",
            file: "x.yaml", vocabulary: Self.vocabulary)
        #expect(spec.ranks == [128])
        #expect(spec.selection.split == "test")
        #expect(spec.selection.metric(for: "arc") == "acc_norm" && spec.selection.metric(for: "gsm") == "exact_match")
    }

    /// Every committed experiment spec decodes with the real tasks, optimizers and presets, and
    /// selects each task on the metric docs/reports.md names for it.
    @Test func everyCommittedSpecDecodesWithTheRealVocabulary() throws {
        let vocabulary = SpecVocabulary.standard
        #expect(vocabulary.presetWidths == ["tiny": 64, "small": 128])
        let readme = ["hellaswag-style": "acc_norm", "arc-style": "acc_norm", "openbookqa-style": "acc_norm",
                      "gsm8k-style": "exact_match", "sni-cause-effect": "exact_match", "sni-coreference": "exact_match",
                      "sni-global": "exact_match", "sni-title": "rouge_l", "sni-data-to-text": "rouge_l"]
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        var specs = 0
        for profile in ["quick", "standard", "full"] {
            for path in ExperimentFiles.profileSpecs(profile, folder: root.appendingPathComponent("experiments").path) {
                let spec = try SpecDecoder.load(path: path, vocabulary: vocabulary)
                for task in spec.tasks {
                    #expect(spec.selection.metric(for: task) == readme[task], "\(path): \(task)")
                }
                specs += 1
            }
        }
        #expect(specs == 15)
    }
}
