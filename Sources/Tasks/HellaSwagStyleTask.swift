// hellaswag-style: pick the plausible continuation of an activity among four endings (after
// Zellers et al., 2019). The context narrates the first steps of an activity by a person (optionally
// after the activity's name, as HellaSwag's activity label); the correct ending is the next step of
// the script. Distractors have the same form (a step of some script): unshown steps of the same
// activity (right topic, wrong order) and steps of other activities, chosen to match the
// correct ending in length and in word overlap with the context, as HellaSwag's adversarial
// filtering matches endings against simple models.

public struct HellaSwagStyleTask: BenchmarkTask {
    public struct Configuration: Sendable, Hashable, CustomStringConvertible {
        /// How many consecutive steps the context narrates before the ending (the ending is one of
        /// steps 2 to 5 of 6, so that at least one later step remains as a distractor).
        public var contextSteps: ClosedRange<Int> = 1 ... 4
        /// Distractors come from the unshown steps of the same activity (right topic, wrong
        /// order) and from the steps of other activities: of its family only (harder, shared
        /// objects) or of all activities. Among those, the ones closest to the correct ending in
        /// length and in word overlap with the context are taken.
        public var familyOnly = false
        /// Whether the context starts with the activity's name, as HellaSwag's activity label.
        public var showActivityLabel = false
        public var granularity: SplitGranularity = .instance

        public init() {}
        public var description: String {
            "steps=\(contextSteps.lowerBound)-\(contextSteps.upperBound) family=\(familyOnly) label=\(showActivityLabel) split=\(granularity.rawValue)"
        }
    }

    public static let generatorVersion = 1
    public let name = "hellaswag-style"
    public let format = TaskFormat.multipleChoice
    public let metrics: [Metric] = [.accuracy, .accuracyNormalized]
    public let instruction: String? = nil
    public let splitSizes: [Split: Int] = [.train: 39905, .dev: 10042, .test: 10003]
    public let evaluationSplit = Split.dev
    public let maxGenerationTokens = 16
    public let configuration: Configuration
    public let world: World

    public init(configuration: Configuration = Configuration(), world: World = .standard) {
        precondition(configuration.contextSteps.lowerBound >= 1 && configuration.contextSteps.upperBound <= 4,
                     "contextSteps must lie in 1...4 (the ending must have a later step after it)")
        self.configuration = configuration
        self.world = world
    }

    public var version: String {
        ExampleSampler.version(generator: Self.generatorVersion, configuration: configuration.description,
                               standard: Configuration().description)
    }

    public func example(_ split: Split, _ index: Int) -> TaskExample {
        ExampleSampler.example(taskName: name, version: version, world: world, sizes: splitSizes,
                               split: split, index: index, draft: draft)
    }

    static let vocabularyTexts = ["."]


    func draft(_ rng: inout SeededGenerator) -> Draft {
        let activities = Lexicon.activities
        let activityIndex = rng.below(activities.count)
        let activity = activities[activityIndex]
        let person = rng.pick(world.people)
        // The context narrates `count` consecutive steps ending just before step `shown` (the
        // ending), starting at the first step or further into the script.
        let count = rng.int(in: configuration.contextSteps)
        let shown = rng.int(in: count ... 4)
        var context = "\(person.name) \(activity.steps[shown - count]) ."
        for step in activity.steps[(shown - count + 1) ..< shown] { context += " \(person.gender.subject) \(step) ." }
        if configuration.showActivityLabel { context = "\(activity.name) : " + context }
        // The prompt ends with the pronoun that starts the ending, as the corpus narrates every step.
        let prompt = context + " \(person.gender.subject)"
        let correct = activity.steps[shown]

        // Distractors are matched to the correct ending on surface features, as HellaSwag's
        // adversarial filtering matches them against simple models: first the length in words
        // (every step has 5 to 7), then the share of words that also occur in the context, ties
        // broken at random. Neither length nor overlap then says which ending is right.
        let table = StepTable.shared
        var inContext = [Bool](repeating: false, count: table.vocabularySize)
        for word in prompt.split(separator: " ") { if let id = table.id(of: word) { inContext[id] = true } }
        let correctID = table.id(activity: activityIndex, step: shown)
        // Same-activity candidates: the steps after the ending and those before the narrated window.
        let unshown = (Array(0 ..< (shown - count)) + Array((shown + 1) ..< activity.steps.count)).map { table.id(activity: activityIndex, step: $0) }
        let pool = unshown + (configuration.familyOnly ? table.family[activityIndex] : table.others[activityIndex])
        let distractors = table.closest(pool, 3, to: correctID, inContext: inContext, rng: &rng).map { table.steps[$0] }
        let key = configuration.granularity == .item ? "\(activity.name)|\(shown)" : prompt
        return Draft.multipleChoice(prompt: prompt, correct: correct + " .", distractors: distractors.map { $0 + " ." },
                                    splitKey: key, rng: &rng)
    }
}
