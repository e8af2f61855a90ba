// Scores a model on a task's split, as the original benchmarks are scored: multiple choice by the
// summed log-likelihood of each choice as a continuation of the prompt (accuracy: argmax of the
// sums; length-normalised accuracy: argmax of the sums divided by the byte length of " " + choice,
// as lm-evaluation-harness's acc_norm), classification and generation by greedy decoding up to
// `<eos>` (exact match and ROUGE-L, see `Scoring`). Ties go to the first choice; a non-finite
// log-likelihood counts as minus infinity and is reported in `nonFiniteLogLikelihoods`.
import RiteCore

public enum EvaluationError: Error, CustomStringConvertible, Equatable {
    case tooLong(example: String, tokens: Int, contextLength: Int)
    case modelReturned(expected: Int, got: Int)

    public var description: String {
        switch self {
        case let .tooLong(example, tokens, contextLength):
            return "example \(example) needs \(tokens) tokens, more than the context length \(contextLength)"
        case let .modelReturned(expected, got):
            return "the model returned \(got) results for \(expected) requests"
        }
    }
}

/// The outcome for one example.
public struct Prediction: Sendable, Hashable {
    public let exampleID: String
    /// Multiple choice: the choice with the highest summed log-likelihood.
    public let chosenIndex: Int?
    /// Multiple choice: the choice with the highest length-normalised log-likelihood.
    public let chosenIndexNormalized: Int?
    /// Multiple choice: the summed log-likelihood of each choice.
    public let logLikelihoods: [Double]
    /// Classification and generation: the decoded greedy output.
    public let generated: String?
    public let scores: [Metric: Double]
}

public struct TaskEvaluation: Sendable {
    public let task: String
    public let version: String
    public let split: Split
    /// Mean of each metric over the evaluated examples, as a fraction in [0, 1].
    public let scores: [Metric: Double]
    public let predictions: [Prediction]
    public let nonFiniteLogLikelihoods: Int
    public var count: Int { predictions.count }
}

public struct Evaluator: Sendable {
    public let tokenizer: Tokenizer
    public let contextLength: Int
    /// Examples sent to the model per call.
    public var examplesPerCall = 64

    public init(tokenizer: Tokenizer = .standard, contextLength: Int = TaskCatalog.contextLength) {
        self.tokenizer = tokenizer
        self.contextLength = contextLength
    }

    /// Scores `model` on the first `cap` examples of `split` (all of them when `cap` is nil).
    public func evaluate(task: any BenchmarkTask, split: Split, model: some ScoringModel, cap: Int? = nil) throws -> TaskEvaluation {
        let count = min(task.size(split), cap ?? Int.max)
        let examples = try task.examples(split, 0 ..< max(count, 0))
        var predictions: [Prediction] = []
        predictions.reserveCapacity(examples.count)
        var nonFinite = 0
        var start = 0
        while start < examples.count {
            let chunk = Array(examples[start ..< min(start + examplesPerCall, examples.count)])
            if task.format == .multipleChoice {
                predictions += try scoreChoices(chunk, model: model, nonFinite: &nonFinite)
            } else {
                predictions += try scoreGenerations(chunk, task: task, model: model)
            }
            start += examplesPerCall
        }
        var scores: [Metric: Double] = [:]
        for metric in task.metrics {
            let sum = predictions.reduce(0.0) { $0 + ($1.scores[metric] ?? 0) }
            scores[metric] = predictions.isEmpty ? 0 : sum / Double(predictions.count)
        }
        return TaskEvaluation(task: task.name, version: task.version, split: split, scores: scores,
                          predictions: predictions, nonFiniteLogLikelihoods: nonFinite)
    }

    /// Index of the largest value; the first on ties; non-finite values never win unless all are.
    static func argmax(_ values: [Double]) -> Int {
        var best = 0
        var bestValue = -Double.infinity
        for (i, v) in values.enumerated() where v.isFinite && v > bestValue {
            best = i
            bestValue = v
        }
        return best
    }

    func scoreChoices(_ examples: [TaskExample], model: some ScoringModel, nonFinite: inout Int) throws -> [Prediction] {
        var requests: [(context: [Int32], continuation: [Int32])] = []
        for example in examples {
            let context = [tokenizer.bos] + (try tokenizer.encode(example.prompt))
            for choice in example.choices {
                let continuation = try tokenizer.encode(choice)
                guard context.count + continuation.count <= contextLength else {
                    throw EvaluationError.tooLong(example: example.id, tokens: context.count + continuation.count, contextLength: contextLength)
                }
                requests.append((context, continuation))
            }
        }
        let values = model.logLikelihoods(requests)
        guard values.count == requests.count else { throw EvaluationError.modelReturned(expected: requests.count, got: values.count) }
        var offset = 0
        return examples.map { example in
            let lls = Array(values[offset ..< offset + example.choices.count])
            offset += example.choices.count
            nonFinite += lls.filter { !$0.isFinite }.count
            let normalized = zip(lls, example.choices).map { $0 / Double((" " + $1).utf8.count) }
            let chosen = Self.argmax(lls), chosenNormalized = Self.argmax(normalized)
            let answer = example.answerIndex ?? -1
            return Prediction(exampleID: example.id, chosenIndex: chosen, chosenIndexNormalized: chosenNormalized, logLikelihoods: lls,
                              generated: nil, scores: [.accuracy: chosen == answer ? 1 : 0, .accuracyNormalized: chosenNormalized == answer ? 1 : 0])
        }
    }

    func scoreGenerations(_ examples: [TaskExample], task: any BenchmarkTask, model: some ScoringModel) throws -> [Prediction] {
        let prompts = try examples.map { [tokenizer.bos] + (try tokenizer.encode($0.prompt)) }
        let longest = prompts.map(\.count).max() ?? 0
        let budget = min(task.maxGenerationTokens, contextLength - longest)
        guard budget > 0 else { throw EvaluationError.tooLong(example: examples[0].id, tokens: longest, contextLength: contextLength) }
        let outputs = model.generate(prompts: prompts, maxNewTokens: budget, stop: tokenizer.eos)
        guard outputs.count == prompts.count else { throw EvaluationError.modelReturned(expected: prompts.count, got: outputs.count) }
        return zip(examples, outputs).map { example, tokens in
            let text = tokenizer.decode(Array(tokens.prefix { $0 != tokenizer.eos }))
            return Prediction(exampleID: example.id, chosenIndex: nil, chosenIndexNormalized: nil, logLikelihoods: [],
                              generated: text, scores: task.scoreGeneration(text, against: example))
        }
    }
}
