import RiteCore
@testable import Tasks
import Testing

@Suite struct SplitSummaryTests {
    /// The splits that select the learning rate (dev) and report it (test) ask enough different
    /// questions: at least 200, or every question of a task that has fewer. (arc-style's generator 1
    /// asked 107 distinct questions with their answers in its 299 dev examples.)
    @Test(arguments: TaskCatalog.names)
    func devAndTestAskEnoughDistinctQuestions(name: String) throws {
        let task = try TaskCatalog.task(named: name)
        let summary = task.splitSummary()
        #expect(summary.examples == task.splitSizes)
        for split in [Split.dev, .test] {
            let distinct = try #require(summary.distinct[split])
            #expect(distinct >= summary.requiredDistinct,
                    "\(name) \(split.rawValue): \(distinct) distinct of \(task.size(split)) examples, \(summary.requiredDistinct) required")
            #expect(distinct <= task.size(split))
        }
        #expect(summary.shortSplits.isEmpty)
        #expect(summary.distinctInTask >= summary.distinct.values.max()!)
    }

    static func example(_ prompt: String, _ choices: [String], answer: Int) -> TaskExample {
        TaskExample(id: "hand/dev/0", prompt: prompt, choices: choices, answerIndex: answer, target: choices[answer])
    }

    /// An item is the question with its answer: other distractors or another order of the choices
    /// ask the same; another answer to the same question does not.
    @Test func itemsIgnoreTheChoicesButNotTheAnswer() {
        let q = "question : which animal has feathers ? answer :"
        let examples = [
            Self.example(q, ["owl", "fox", "carp", "ant"], answer: 0),
            Self.example(q, ["ant", "goat", "owl", "trout"], answer: 2),
            Self.example(q, ["eagle", "fox", "carp", "ant"], answer: 0),
            Self.example("question : what does an owl have ? answer :", ["fur", "feathers", "gills", "scales"], answer: 1),
        ]
        let task = FixedTask(examples: examples, format: .multipleChoice, metrics: [.accuracy])
        #expect(task.distinctItem(of: examples[0]) == task.distinctItem(of: examples[1]))
        #expect(task.distinctItem(of: examples[0]) != task.distinctItem(of: examples[2]))
        #expect(task.distinctItems(.dev).count == 3)
        let summary = task.splitSummary()
        #expect(summary.distinct == [.dev: 3] && summary.distinctInTask == 3)
        // A task of three questions in all needs all three, and has them.
        #expect(summary.requiredDistinct == 3 && summary.shortSplits.isEmpty)
    }

    @Test func shortSplitsAreThoseBelowTheRequirement() {
        // arc-style's generator 1, counting questions alone.
        let arc1 = SplitSummary(examples: [.train: 1119, .dev: 299, .test: 1172], distinct: [.train: 136, .dev: 29, .test: 157], distinctInTask: 322)
        #expect(arc1.requiredDistinct == 200 && arc1.shortSplits == [.dev, .test])
        let small = SplitSummary(examples: [.train: 800, .dev: 100, .test: 100], distinct: [.train: 150, .dev: 150, .test: 149], distinctInTask: 150)
        #expect(small.requiredDistinct == 150 && small.shortSplits == [.test])
        let enough = SplitSummary(examples: [.train: 800, .dev: 300, .test: 300], distinct: [.train: 700, .dev: 200, .test: 250], distinctInTask: 1150)
        #expect(enough.shortSplits.isEmpty)
    }

    /// An open book's rules come in a shuffled order; the same book in another order is the same item.
    @Test func openBookItemsIgnoreTheOrderOfTheRules() throws {
        let task = OpenBookQAStyleTask()
        let e = task.example(.dev, 0)
        let book = try #require(e.prompt.firstRange(of: "fact : ")), question = try #require(e.prompt.firstRange(of: " question : "))
        let rules = e.prompt[book.upperBound ..< question.lowerBound].split(separator: " ").split(separator: ".").map { $0.joined(separator: " ") + " ." }
        #expect(rules.count == 4)
        let reordered = "fact : " + (rules.dropFirst() + [rules[0]]).joined(separator: " ") + e.prompt[question.lowerBound...]
        #expect(reordered != e.prompt)
        let moved = TaskExample(id: e.id, prompt: reordered, choices: e.choices.reversed(), answerIndex: 3 - e.answerIndex!, target: e.target)
        #expect(task.distinctItem(of: moved) == task.distinctItem(of: e))
        let other = try #require(e.choices.first { $0 != e.target })
        let wrong = TaskExample(id: e.id, prompt: e.prompt, choices: e.choices, answerIndex: e.choices.firstIndex(of: other), target: other)
        #expect(task.distinctItem(of: wrong) != task.distinctItem(of: e))
        // Other rules make another book, and another item.
        let changed = TaskExample(id: e.id, prompt: e.prompt.replacingFirst(rules[0], with: rules[1]), choices: e.choices,
                                  answerIndex: e.answerIndex, target: e.target)
        #expect(task.distinctItem(of: changed) != task.distinctItem(of: e))
    }
}

extension String {
    fileprivate func replacingFirst(_ old: String, with new: String) -> String {
        guard let range = firstRange(of: old) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: new)
        return copy
    }
}
