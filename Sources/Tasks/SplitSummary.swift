// How many different questions each split asks. A split's examples can repeat a question (the
// generators draw with replacement from a world with few facts of some kinds), and a dev split of
// 299 examples that asks 29 questions measures those 29: it ranks learning rates poorly however
// many examples it has. So every task counts the distinct items of its splits, `rite-repro tasks`
// prints them, and a test holds every task's dev and test splits to `SplitSummary.minimumDistinct`.
import RiteCore

extension BenchmarkTask {
    /// By default an item is the prompt with its answer: for multiple choice the question and the
    /// correct choice (the distractors and the order of the choices are presentation), for
    /// classification and generation the input and its target. A task whose prompts vary in
    /// presentation only (an open book's order of rules) says so in its own `distinctItem(of:)`.
    public func distinctItem(of example: TaskExample) -> String {
        example.prompt + " => " + example.target
    }

    /// The distinct items of the whole of `split`.
    public func distinctItems(_ split: Split) -> Set<String> {
        Set((0 ..< size(split)).map { distinctItem(of: example(split, $0)) })
    }

    /// Examples and distinct items of every split (generates every example of the task).
    public func splitSummary() -> SplitSummary {
        var items: [Split: Set<String>] = [:]
        for split in Split.allCases where size(split) > 0 { items[split] = distinctItems(split) }
        return SplitSummary(examples: splitSizes, distinct: items.mapValues(\.count),
                            distinctInTask: items.values.reduce(into: Set<String>()) { $0.formUnion($1) }.count)
    }
}

public struct SplitSummary: Sendable, Equatable {
    /// Every split that selects or reports (dev, test) should ask at least this many distinct
    /// questions, or every question of a task that has fewer.
    public static let minimumDistinct = 200

    public let examples: [Split: Int]
    public let distinct: [Split: Int]
    /// Distinct items over all splits together.
    public let distinctInTask: Int

    public init(examples: [Split: Int], distinct: [Split: Int], distinctInTask: Int) {
        self.examples = examples
        self.distinct = distinct
        self.distinctInTask = distinctInTask
    }

    /// What dev and test must reach: `minimumDistinct`, or all of a smaller task.
    public var requiredDistinct: Int { min(Self.minimumDistinct, distinctInTask) }

    /// The splits among dev and test that ask fewer distinct questions than required.
    public var shortSplits: [Split] {
        [Split.dev, .test].filter { split in (examples[split] ?? 0) > 0 && (distinct[split] ?? 0) < requiredDistinct }
    }
}
