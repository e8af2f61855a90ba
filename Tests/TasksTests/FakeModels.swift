import Tasks

/// Knows every answer: the correct choice gets log-likelihood 0, the others -10; generation
/// returns the target (the same prompt may have different targets, e.g. two phrasings of a
/// record; they are handed out in example order).
final class OracleModel: ScoringModel {
    private var answers: [[Int32]: [[Int32]]] = [:]
    private var correct: Set<[Int32]> = []

    init(examples: [TaskExample], tokenizer: Tokenizer = .standard) throws {
        for example in examples {
            let context = [tokenizer.bos] + (try tokenizer.encode(example.prompt))
            answers[context, default: []].append(try tokenizer.encode(example.target))
            if let index = example.answerIndex, !example.choices.isEmpty {
                correct.insert(context + [-1] + (try tokenizer.encode(example.choices[index])))
            }
        }
    }

    func logLikelihoods(_ requests: [(context: [Int32], continuation: [Int32])]) -> [Double] {
        requests.map { correct.contains($0.context + [-1] + $0.continuation) ? 0 : -10 }
    }

    func generate(prompts: [[Int32]], maxNewTokens: Int, stop: Int32) -> [[Int32]] {
        prompts.map { prompt in
            guard let queue = answers[prompt], !queue.isEmpty else { return [] }
            answers[prompt]!.removeFirst()
            return Array(queue[0].prefix(maxNewTokens))
        }
    }
}

/// Gives every continuation the same log-likelihood and generates nothing: a model at chance.
struct UniformModel: ScoringModel {
    func logLikelihoods(_ requests: [(context: [Int32], continuation: [Int32])]) -> [Double] { requests.map { _ in -1 } }
    func generate(prompts: [[Int32]], maxNewTokens: Int, stop: Int32) -> [[Int32]] { prompts.map { _ in [] } }
}

/// Scores a choice by its length in tokens only (`sign` +1 prefers long choices, -1 short ones).
struct LengthModel: ScoringModel {
    let sign: Double
    func logLikelihoods(_ requests: [(context: [Int32], continuation: [Int32])]) -> [Double] {
        requests.map { sign * Double($0.continuation.count) }
    }
    func generate(prompts: [[Int32]], maxNewTokens: Int, stop: Int32) -> [[Int32]] { prompts.map { _ in [] } }
}

/// Scores a choice by the fraction of its tokens that occur in the prompt (`sign` +1 prefers
/// overlap, -1 avoids it).
struct OverlapModel: ScoringModel {
    let sign: Double
    func logLikelihoods(_ requests: [(context: [Int32], continuation: [Int32])]) -> [Double] {
        requests.map { request in
            let context = Set(request.context)
            let shared = request.continuation.filter { context.contains($0) }.count
            return sign * Double(shared) / Double(max(request.continuation.count, 1))
        }
    }
    func generate(prompts: [[Int32]], maxNewTokens: Int, stop: Int32) -> [[Int32]] { prompts.map { _ in [] } }
}

/// Returns fixed log-likelihoods, in request order, for hand-computed metric checks.
struct FixedModel: ScoringModel {
    let values: [Double]
    let output: [Int32]
    func logLikelihoods(_ requests: [(context: [Int32], continuation: [Int32])]) -> [Double] { Array(values.prefix(requests.count)) }
    func generate(prompts: [[Int32]], maxNewTokens: Int, stop: Int32) -> [[Int32]] { prompts.map { _ in output } }
}
