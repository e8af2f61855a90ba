import RiteCore
@testable import Tasks
import Testing

@Suite struct ARCStyleTaskTests {
    static let task = ARCStyleTask()
    static let kinds = ARCStyleTask.Configuration().kinds

    /// The questions the standard world admits, per kind (each with each of its correct answers).
    @Test func theBankHoldsEveryQuestionOnce() {
        let counts = Dictionary(uniqueKeysWithValues: ARCStyleTask.QuestionKind.allCases.map { kind in
            (kind, ARCQuestionBank.enumerate(kind, world: .standard).count)
        })
        #expect(counts == [.classTrait: 46, .traitOf: 46, .sameHabitat: 214, .largerThan: 2791, .sameSize: 3170,
                           .materialProperty: 66, .professionProduct: 48, .dietAndHabitat: 13, .petTrait: 48])
        for kind in ARCStyleTask.QuestionKind.allCases {
            let facts = ARCQuestionBank.enumerate(kind, world: .standard)
            #expect(Set(facts.map { $0.question + " | " + $0.answer }).count == facts.count, "\(kind)")
        }
    }

    /// Each fact is in exactly one split, and each split has a third of every kind and of every
    /// stratum (a question's answers; a trait's questions), to one fact.
    @Test func factsAreDealtInThirds() {
        for kind in ARCStyleTask.QuestionKind.allCases where kind != .petTrait {
            let all = ARCQuestionBank.enumerate(kind, world: .standard)
            let bySplit = Split.allCases.map { Self.task.bank.facts($0, kind) }
            #expect(bySplit.map(\.count).reduce(0, +) == all.count)
            #expect(Set(bySplit.flatMap { $0 }) == Set(all))
            #expect(bySplit.map(\.count).max()! - bySplit.map(\.count).min()! <= 1, "\(kind): \(bySplit.map(\.count))")
            for stratum in Set(all.map(\.stratum)) {
                let counts = bySplit.map { $0.filter { $0.stratum == stratum }.count }
                #expect(counts.max()! - counts.min()! <= 1, "\(kind) \(stratum): \(counts)")
            }
        }
    }

    /// By item, every fact about one entity is in one split.
    @Test func itemGranularityKeepsEachEntityInOneSplit() {
        var configuration = ARCStyleTask.Configuration()
        configuration.granularity = .item
        let task = ARCStyleTask(configuration: configuration)
        #expect(task.version != Self.task.version)
        let subjects = Split.allCases.map { split in Set(Set(Self.kinds).flatMap { task.bank.facts(split, $0).map(\.subject) }) }
        #expect(subjects[0].isDisjoint(with: subjects[1]) && subjects[0].isDisjoint(with: subjects[2]) && subjects[1].isDisjoint(with: subjects[2]))
        #expect(subjects.allSatisfy { $0.count > 20 })
    }

    /// Example i is of kind `kinds[i mod count]`, asks a fact of its own split, and a split repeats a
    /// fact of a kind only once it has asked every fact of that kind.
    @Test(arguments: Split.allCases)
    func splitsDealTheirFactsWithoutRepeats(split: Split) throws {
        var asked: [ARCStyleTask.QuestionKind: [String]] = [:]
        for index in 0 ..< Self.task.size(split) {
            let kind = Self.kinds[index % Self.kinds.count]
            let e = Self.task.example(split, index)
            let question = String(e.prompt.dropFirst("question : ".count).dropLast(" answer :".count))
            let facts = Self.task.bank.facts(split, kind)
            #expect(facts.contains { $0.question == question && $0.answer == e.target }, "\(e.id): \(e.prompt) -> \(e.target)")
            asked[kind, default: []].append(question + " | " + e.target)
        }
        for (kind, items) in asked {
            let deck = Self.task.bank.facts(split, kind).count
            #expect(Set(items).count == min(items.count, deck), "\(split) \(kind): \(Set(items).count) distinct of \(items.count), deck \(deck)")
            // The first pass through the deck asks each fact once.
            #expect(Set(items.prefix(deck)).count == min(items.count, deck))
        }
    }

    /// Exactly one choice answers the question: no distractor is also correct.
    @Test func exactlyOneChoiceIsCorrect() {
        var answers: [String: Set<String>] = [:]
        for kind in ARCStyleTask.QuestionKind.allCases {
            for fact in ARCQuestionBank.enumerate(kind, world: .standard) { answers["question : \(fact.question) answer :", default: []].insert(fact.answer) }
        }
        for split in Split.allCases {
            for index in 0 ..< Self.task.size(split) {
                let e = Self.task.example(split, index)
                let correct = e.choices.filter { answers[e.prompt]?.contains($0) == true }
                #expect(correct == [e.target], "\(e.id): \(e.prompt) \(e.choices)")
            }
        }
    }

    /// A task built anew (its bank enumerated again) gives the same examples.
    @Test func examplesDoNotDependOnTheInstance() {
        let again = ARCStyleTask()
        for split in Split.allCases {
            for index in stride(from: 0, to: Self.task.size(split), by: 7) {
                #expect(again.example(split, index) == Self.task.example(split, index))
            }
        }
    }
}
