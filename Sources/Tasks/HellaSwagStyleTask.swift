// hellaswag-style: pick the plausible continuation of a routine among four endings (after Zellers
// et al., 2019). The context narrates consecutive steps of a routine by a person; the correct ending
// is the routine's next step. Distractors have the same form (a step of some routine): unshown steps
// of the same routine (right routine, wrong order) and steps of other routines, chosen to match the
// correct ending in length and in word overlap with the context, as HellaSwag's adversarial
// filtering matches endings against simple models.
//
// The routines are the world's own: by default `routines` sequences of six steps drawn from the
// steps of all activities, which the pretraining corpus never narrates in that order. A base model
// that has memorised the corpus's scripts is therefore near chance zero-shot, and fine-tuning has to
// learn the routines from the training split, where a step shared by several routines leaves the
// shorter contexts ambiguous, so accuracy stays below saturation. (Generator version 1 asked about
// the corpus's own scripts, `routines = nil`: a pretrained base model scored 1.00 zero-shot.)
import RiteCore

public struct HellaSwagStyleTask: DraftedTask {
    public struct Configuration: TaskConfiguration {
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
        /// How many routines of six steps the world has (steps drawn without replacement from all
        /// activities' steps); nil asks about the activities themselves, as the corpus narrates them.
        /// More routines share more steps, so fewer contexts identify their routine (with 60, a LoRA
        /// fine-tune of the tiny base model reached 0.97; each step is now in six routines).
        public var routines: Int? = 150

        public init() {}
        public var description: String {
            "steps=\(contextSteps.lowerBound)-\(contextSteps.upperBound) family=\(familyOnly) label=\(showActivityLabel) split=\(granularity.rawValue)"
                + " routines=\(routines.map(String.init) ?? "activities")"
        }
    }

    public static let generatorVersion = 2
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
        precondition(configuration.routines.map { $0 >= 2 } ?? true, "routines: at least 2 (or nil for the activities)")
        precondition(configuration.routines == nil || !(configuration.familyOnly || configuration.showActivityLabel),
                     "familyOnly and showActivityLabel apply to activities (routines = nil) only")
        self.configuration = configuration
        self.world = world
        routineSteps = configuration.routines.map { Self.routines($0, world: world) } ?? []
    }

    /// The step ids (in `StepTable`) of each routine, in order; empty when asking about activities.
    let routineSteps: [[Int]]

    /// `count` routines, each six distinct steps drawn from every activity's steps by the world's seed.
    static func routines(_ count: Int, world: World) -> [[Int]] {
        let all = Array(0 ..< StepTable.shared.steps.count)
        return (0 ..< count).map { r in
            var rng = TaskRandom(seed: StableHash.combine(world.seed, StableHash.of("routine"), UInt64(r)))
            return rng.sample(all, 6)
        }
    }

    static let vocabularyTexts = ["."]


    func draft(_ rng: inout TaskRandom) -> Draft {
        guard !routineSteps.isEmpty else { return activityDraft(&rng) }
        let table = StepTable.shared
        let routineIndex = rng.below(routineSteps.count)
        let routine = routineSteps[routineIndex]
        let person = rng.pick(world.people)
        let count = rng.int(in: configuration.contextSteps)
        let shown = rng.int(in: count ... 4)
        var context = "\(person.name) \(table.steps[routine[shown - count]]) ."
        for step in routine[(shown - count + 1) ..< shown] { context += " \(person.gender.subject) \(table.steps[step]) ." }
        let prompt = context + " \(person.gender.subject)"
        var inContext = [Bool](repeating: false, count: table.vocabularySize)
        for word in prompt.split(separator: " ") { if let id = table.id(of: word) { inContext[id] = true } }
        let unshown = Array(routine[0 ..< (shown - count)]) + Array(routine[(shown + 1)...])
        let inRoutine = Set(routine)
        let pool = unshown + (0 ..< table.steps.count).filter { !inRoutine.contains($0) }
        let distractors = table.closest(pool, 3, to: routine[shown], inContext: inContext, rng: &rng).map { table.steps[$0] }
        let key = configuration.granularity == .item ? "routine \(routineIndex)|\(shown)" : prompt
        return Draft.multipleChoice(prompt: prompt, correct: table.steps[routine[shown]] + " .", distractors: distractors.map { $0 + " ." },
                                    splitKey: key, rng: &rng)
    }

    /// Generator version 1: the context narrates one of the corpus's own activities.
    func activityDraft(_ rng: inout TaskRandom) -> Draft {
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
