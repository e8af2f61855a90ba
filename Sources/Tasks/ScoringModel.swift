// What the evaluator needs from a language model. The Model target's transformer conforms to it
// (in the Training target); the tests use small fakes. Token sequences include `<bos>` where the
// evaluator puts it; the model adds nothing.

public protocol ScoringModel {
    /// Summed log-likelihood of each continuation given its context.
    func logLikelihoods(_ requests: [(context: [Int32], continuation: [Int32])]) -> [Double]
    /// Greedy decoding; returns generated tokens without the stop token.
    func generate(prompts: [[Int32]], maxNewTokens: Int, stop: Int32) -> [[Int32]]
}

extension BenchmarkTask {
    /// Scores of one generated answer against its example (generation and classification formats).
    /// Exact match and ROUGE-L as Super-Natural-Instructions scores them; the GSM8K-style task
    /// scores exact match on the final number instead.
    public func scoreGeneration(_ text: String, against example: TaskExample) -> [Metric: Double] {
        var scores: [Metric: Double] = [:]
        for metric in metrics {
            switch metric {
            case .exactMatch:
                scores[metric] = self is GSM8KStyleTask
                    ? Scoring.finalNumberMatch(prediction: text, reference: example.target)
                    : Scoring.exactMatch(prediction: text, reference: example.target)
            case .rougeL:
                scores[metric] = Scoring.rougeL(prediction: text, reference: example.target)
            case .accuracy, .accuracyNormalized:
                break
            }
        }
        return scores
    }
}
