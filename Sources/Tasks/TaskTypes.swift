// The public vocabulary of the Tasks target: formats, metrics, examples and the protocol every
// bundled task conforms to. Splits are RiteCore's `Split`.
import RiteCore

/// How a task is scored: multiple choice by log-likelihood of each choice; classification and
/// generation by greedy decoding (classification has a closed label set, listed in `choices`).
public enum TaskFormat: String, Sendable {
    case multipleChoice = "multiple_choice"
    case classification
    case generation
}

public enum Metric: String, Codable, Sendable, CaseIterable {
    case accuracy
    case accuracyNormalized = "acc_norm"
    case exactMatch = "exact_match"
    case rougeL = "rouge_l"
}

/// One example, exactly as the model sees it. `target` is the text trained on after the prompt
/// (the correct choice for multiple choice, the label for classification, the output otherwise).
public struct TaskExample: Sendable, Hashable {
    public let id: String
    public let prompt: String
    public let choices: [String]
    public let answerIndex: Int?
    public let target: String

    public init(id: String, prompt: String, choices: [String], answerIndex: Int?, target: String) {
        self.id = id
        self.prompt = prompt
        self.choices = choices
        self.answerIndex = answerIndex
        self.target = target
    }
}

public enum TaskError: Error, CustomStringConvertible, Equatable {
    case unknownTask(String, known: [String])
    case emptySplit(task: String, split: Split)
    case indexOutOfRange(task: String, split: Split, index: Int, size: Int)

    public var description: String {
        switch self {
        case let .unknownTask(name, known):
            return "unknown task \"\(name)\"; known tasks: \(known.joined(separator: ", "))"
        case let .emptySplit(task, split):
            return "task \(task) has no \(split.rawValue) split"
        case let .indexOutOfRange(task, split, index, size):
            return "task \(task): example \(index) of the \(split.rawValue) split does not exist (the split has \(size) examples)"
        }
    }
}

/// A benchmark-style task. Examples are generated on demand: `example(split, index)` is a pure
/// function of the task's version, the world seed, the split and the index, so no split is ever
/// materialised unless asked for. Calling it for an index outside `0 ..< size(split)` is a
/// programming error; `examples(_:_:)` checks and throws instead.
public protocol BenchmarkTask: Sendable {
    var name: String { get }
    /// Generator, world and configuration versions; changes whenever any example changes.
    var version: String { get }
    var format: TaskFormat { get }
    /// The metrics reported for the task; the first is the primary one.
    var metrics: [Metric] { get }
    /// The instruction text, for tasks whose original has one (Super-Natural-Instructions style).
    var instruction: String? { get }
    var splitSizes: [Split: Int] { get }
    /// The split the paper reports (its Table 6), as `rite-repro tasks` shows it; tables report test.
    var evaluationSplit: Split { get }
    /// The longest generation the evaluator asks for (generation and classification formats).
    var maxGenerationTokens: Int { get }
    func example(_ split: Split, _ index: Int) -> TaskExample
    /// What `example` asks, without how it is presented: two examples with the same item ask the
    /// same question with the same answer (see `SplitSummary`).
    func distinctItem(of example: TaskExample) -> String
}

extension BenchmarkTask {
    public func size(_ split: Split) -> Int { splitSizes[split] ?? 0 }
    public var primaryMetric: Metric { metrics[0] }

    /// The metric a learning rate is selected on and a table reports by default: length-normalised
    /// accuracy where the task has it (multiple choice, as HellaSwag, ARC and OpenBookQA are
    /// commonly reported), else the primary metric (exact match for GSM8K-style and the SNI
    /// classification tasks, ROUGE-L for SNI generation).
    public var selectionMetric: Metric { metrics.contains(.accuracyNormalized) ? .accuracyNormalized : primaryMetric }

    /// Examples `range` of `split`, checked against the split's size.
    public func examples(_ split: Split, _ range: Range<Int>) throws -> [TaskExample] {
        let count = size(split)
        guard count > 0 else { throw TaskError.emptySplit(task: name, split: split) }
        guard range.lowerBound >= 0, range.upperBound <= count else {
            throw TaskError.indexOutOfRange(task: name, split: split, index: max(range.upperBound - 1, range.lowerBound), size: count)
        }
        return range.map { example(split, $0) }
    }
}
