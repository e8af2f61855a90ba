// Names the report layer needs: optimizers (with their display names and fixed order), tasks and how
// each is scored, metrics and how they normalise, and which paper model each preset stands in for.
// Task and metric names are the Tasks target's; they are plain strings here so that the report layer
// does not depend on the task generators (ReportTests check that the two agree). Optimizer names,
// display names and order are the Optimizers target's (`OptimizerFactory`).
import Optimizers
import RiteCore
import Store

/// Whether a larger or a smaller selection score wins: the Store's `LearningRateRule.Goal`, the one
/// definition the sweep's second phase uses too.
public typealias SelectionGoal = LearningRateRule.Goal

/// How one task is scored in a table: the split and metric that choose the learning rate (and
/// whether higher or lower wins), and the split its reported scores come from.
public struct TaskScoring: Sendable, Equatable {
    public var task: String
    public var selectionSplit: Split
    public var selectionMetric: String
    public var reportSplit: Split
    public var goal: SelectionGoal

    public init(task: String, selectionSplit: Split = .dev, selectionMetric: String,
                reportSplit: Split = .test, goal: SelectionGoal = .max) {
        self.task = task
        self.selectionSplit = selectionSplit
        self.selectionMetric = selectionMetric
        self.reportSplit = reportSplit
        self.goal = goal
    }
}

/// Which paper model a preset is the small analog of.
public struct PresetPairing: Sendable, Equatable {
    public var preset: String
    public var paperModel: String
    public init(preset: String, paperModel: String) { self.preset = preset; self.paperModel = paperModel }
}

/// Fixed names and defaults.
public enum ReportCatalog {
    /// The six optimizers the paper reports, in its order (a paper fact: an optimizer added to the
    /// factory has no paper column). Display names, order and costs come from the optimizers
    /// themselves (`OptimizerFactory`).
    public static let paperOptimizers = ["adam", "lora-plus", "scaled-adam", "shampoo", "lamb", "lora-rite"]
    /// The paper's proposed optimizer and the baseline its claims compare against.
    public static let proposedOptimizer = "lora-rite"
    public static let baselineOptimizer = "adam"

    /// The name tables print for an optimizer (its specification's display name); an unknown name is
    /// shown as given. A variant `lora-rite(beta1=0.99)` (see `StoreReader`) shows as `LoRA-RITE (beta1=0.99)`.
    public static func displayName(optimizer: String) -> String {
        let (base, variant) = splitVariant(optimizer)
        let display = (try? OptimizerFactory.specification(base))?.displayName ?? base
        return variant.map { "\(display) (\($0))" } ?? display
    }

    /// The factory name of the optimizer a paper row or column calls `label` ("LoRA+" -> "lora-plus");
    /// nil for a label no optimizer displays as.
    static func optimizer(displayedAs label: String) -> String? {
        OptimizerFactory.specifications.first { $0.displayName == label }?.name
    }

    /// Position in the factory's order (the paper's, then the others; a variant sits with its
    /// optimizer); names the factory does not know sort after, by name.
    static func optimizerOrder(_ optimizer: String) -> Int {
        let base = splitVariant(optimizer).base
        return OptimizerFactory.names.firstIndex(of: base) ?? OptimizerFactory.names.count
    }

    /// `lora-rite(beta1=0.99)` as (`lora-rite`, `beta1=0.99`); a plain name has no variant.
    static func splitVariant(_ optimizer: String) -> (base: String, variant: String?) {
        guard optimizer.hasSuffix(")"), let open = optimizer.firstIndex(of: "(") else { return (optimizer, nil) }
        return (String(optimizer[..<open]), String(optimizer[optimizer.index(after: open) ..< optimizer.index(before: optimizer.endIndex)]))
    }

    /// Optimizer names sorted in the paper's order (unknown ones after, alphabetically).
    static func sortedOptimizers<S: Sequence>(_ names: S) -> [String] where S.Element == String {
        Array(Set(names)).sorted { lhs, rhs in
            let (l, r) = (optimizerOrder(lhs), optimizerOrder(rhs))
            return l != r ? l < r : lhs < rhs
        }
    }

    public static let benchmarkTasks = ["hellaswag-style", "arc-style", "gsm8k-style", "openbookqa-style"]
    public static let sniTasks = ["sni-cause-effect", "sni-coreference", "sni-title", "sni-data-to-text", "sni-global"]

    /// Default scoring: the learning rate is chosen on the dev split, scores are reported on the test
    /// split (every bundled task has both). Multiple choice uses length-normalised accuracy (as
    /// HellaSwag, ARC and OpenBookQA are commonly reported), GSM8K-style exact match, the SNI
    /// classification tasks exact match and the generation tasks ROUGE-L, as the paper does;
    /// sni-global is selected on exact match and reports both.
    public static let defaultScoring: [TaskScoring] = [
        TaskScoring(task: "hellaswag-style", selectionMetric: "acc_norm"),
        TaskScoring(task: "arc-style", selectionMetric: "acc_norm"),
        TaskScoring(task: "gsm8k-style", selectionMetric: "exact_match"),
        TaskScoring(task: "openbookqa-style", selectionMetric: "acc_norm"),
        TaskScoring(task: "sni-cause-effect", selectionMetric: "exact_match"),
        TaskScoring(task: "sni-coreference", selectionMetric: "exact_match"),
        TaskScoring(task: "sni-title", selectionMetric: "rouge_l"),
        TaskScoring(task: "sni-data-to-text", selectionMetric: "rouge_l"),
        TaskScoring(task: "sni-global", selectionMetric: "exact_match"),
    ]

    /// The paper pairs: tiny stands in for Gemma-2B, small for Gemma-7B.
    public static let defaultPresets: [PresetPairing] = [
        PresetPairing(preset: "tiny", paperModel: "Gemma-2B"),
        PresetPairing(preset: "small", paperModel: "Gemma-7B"),
    ]

    /// What a metric measures and how its inputs are normalised (for captions).
    public static func metricDescription(_ metric: String) -> String {
        switch metric {
        case "accuracy": return "accuracy (choice with the highest summed log-likelihood)"
        case "acc_norm": return "length-normalised accuracy (summed log-likelihood divided by the choice's length in characters)"
        case "exact_match": return "exact match (greedy output and answer compared after normalisation)"
        case "rouge_l": return "ROUGE-L (LCS F-measure over normalised tokens)"
        default: return metric
        }
    }

    /// The short column name of a metric.
    public static func metricShortName(_ metric: String) -> String {
        switch metric {
        case "accuracy": return "acc"
        case "acc_norm": return "acc_norm"
        case "exact_match": return "EM"
        case "rouge_l": return "ROUGE-L"
        default: return metric
        }
    }
}
