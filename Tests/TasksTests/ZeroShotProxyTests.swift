@testable import Tasks
import Testing

/// A trigram model of the corpus, scored zero-shot: every task stays at chance, since no answer can
/// be recalled from the corpus alone. (Measured on 1000 examples of the reported split, 1,000,000
/// corpus tokens: hellaswag-style accuracy 0.277, arc-style 0.236, openbookqa-style 0.222, exact
/// match 0 on every generation task. Generator 1 of hellaswag-style, which asked about the corpus's
/// own scripts, scored 0.357.)
@Suite struct ZeroShotProxyTests {
    static let model = TrigramModel(tokens: (try? PretrainingCorpus.standard.tokens(count: 1_000_000)) ?? [],
                                    vocabularySize: Tokenizer.standard.vocabularySize)

    @Test(arguments: TaskCatalog.names)
    func trigramOfTheCorpusIsNearChance(name: String) throws {
        let task = try TaskCatalog.task(named: name)
        let multipleChoice = task.format == .multipleChoice
        let result = try Evaluator().evaluate(task: task, split: task.evaluationSplit, model: Self.model, cap: multipleChoice ? 1000 : 100)
        if multipleChoice {
            // Binomial(1000, 1/4) has a standard deviation of 0.014.
            #expect(abs(result.scores[.accuracy]! - 0.25) < 0.05, "\(name): \(result.scores)")
        } else {
            #expect(result.scores[.exactMatch]! < 0.05, "\(name): \(result.scores)")
        }
    }
}
