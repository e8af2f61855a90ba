@testable import Tasks
import Testing

/// A trigram model of the corpus, scored zero-shot: the reasoning tasks stay at chance, and the
/// script task, whose answer a corpus model can partly recall, stays well below saturation.
/// (Measured on 1000 examples of the reported split, 1,000,000 corpus tokens: hellaswag-style
/// accuracy 0.357, arc-style 0.238, openbookqa-style 0.244, exact match 0 on every generation task.)
@Suite struct ZeroShotProxyTests {
    static let model = TrigramModel(tokens: (try? PretrainingCorpus.standard.tokens(count: 1_000_000)) ?? [],
                                    vocabularySize: Tokenizer.standard.vocabularySize)

    @Test(arguments: TaskCatalog.names)
    func trigramOfTheCorpusIsNearChance(name: String) throws {
        let task = try TaskCatalog.task(named: name)
        let multipleChoice = task.format == .multipleChoice
        let result = try Evaluator().evaluate(task: task, split: task.evaluationSplit, model: Self.model, cap: multipleChoice ? 1000 : 100)
        switch name {
        case "hellaswag-style":
            // Binomial(1000, 1/4) has a standard deviation of 0.014; this one is above chance.
            #expect(result.scores[.accuracy]! < 0.45, "\(result.scores)")
        case _ where multipleChoice:
            #expect(abs(result.scores[.accuracy]! - 0.25) < 0.05, "\(name): \(result.scores)")
        default:
            #expect(result.scores[.exactMatch]! < 0.05, "\(name): \(result.scores)")
        }
    }
}
