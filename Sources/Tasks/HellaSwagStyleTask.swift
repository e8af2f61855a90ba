// hellaswag-style: pick the plausible continuation of an activity among four endings (after
// Zellers et al., 2019). The context names the activity and narrates its first steps by a person;
// the correct ending is the next step of the script. Distractors have the same form (a step of
// some script): unshown later steps of the same activity (right topic, wrong order), steps of
// activities of the same family (shared objects), and steps of any other activity.

public struct HellaSwagStyleTask: BenchmarkTask {
    public struct Configuration: Sendable, Hashable, CustomStringConvertible {
        /// How many steps the context narrates before the ending (the ending is step k + 1 of 6).
        public var contextSteps: ClosedRange<Int> = 1 ... 4
        /// At most this many distractors are later steps of the same activity (wrong order).
        public var laterStepDistractors = 2
        /// At most this many distractors are steps of other activities of the same family.
        public var familyDistractors = 1
        /// Whether the context starts with the activity's name, as HellaSwag's activity label.
        public var showActivityLabel = true
        public var granularity: SplitGranularity = .instance

        public init() {}
        public var description: String {
            "steps=\(contextSteps.lowerBound)-\(contextSteps.upperBound) later=\(laterStepDistractors) family=\(familyDistractors) label=\(showActivityLabel) split=\(granularity.rawValue)"
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

    static let vocabularyTexts = ["then", "."]

    func draft(_ rng: inout SeededGenerator) -> Draft {
        let activities = Lexicon.activities
        let activityIndex = rng.below(activities.count)
        let activity = activities[activityIndex]
        let person = rng.pick(world.people)
        let shown = rng.int(in: configuration.contextSteps)
        var context = "\(person.name) \(activity.steps[0]) ."
        for step in activity.steps[1 ..< shown] { context += " \(person.gender.subject) \(step) ." }
        if configuration.showActivityLabel { context = "\(activity.name) : " + context }
        let prompt = context + " then \(person.gender.subject)"
        let correct = activity.steps[shown]

        var distractors = rng.sample(Array(activity.steps[(shown + 1)...]),
                                     min(configuration.laterStepDistractors, activity.steps.count - shown - 1))
        let family = activities.enumerated().filter { $0.offset != activityIndex && $0.element.family == activity.family }
            .flatMap { $0.element.steps }
        let others = activities.enumerated().filter { $0.offset != activityIndex }.flatMap { $0.element.steps }
        let wantFamily = min(configuration.familyDistractors, 3 - distractors.count)
        for pool in [family, others] {
            let want = pool == family ? wantFamily : 3 - distractors.count
            var added = 0
            while added < want {
                let step = rng.pick(pool)
                if step != correct && !distractors.contains(step) { distractors.append(step); added += 1 }
            }
        }
        let key = configuration.granularity == .item ? "\(activity.name)|\(shown)" : prompt
        return Draft.multipleChoice(prompt: prompt, correct: correct + " .", distractors: distractors.map { $0 + " ." },
                                    splitKey: key, rng: &rng)
    }
}
