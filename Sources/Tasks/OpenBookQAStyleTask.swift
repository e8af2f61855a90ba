// openbookqa-style: four-choice questions that combine a general rule, given in an "open book"
// before the question, with a fact about an entity that only pretraining taught (after OpenBookQA,
// Mihaylov et al., 2018). The book lists one rule per choice, so the rules' words appear for every
// choice alike and word overlap with the prompt does not reveal the answer.

public struct OpenBookQAStyleTask: BenchmarkTask {
    public enum QuestionKind: String, Sendable, Hashable, CaseIterable {
        case whichMaterial   // book of material rules; which of these floats on water ? -> an object
        case whatMaterial    // book of material rules; what is true of the cup ? -> it floats on water
        case whichClass      // book of class rules; which animal has gills ? -> an animal
        case whatClass       // book of class rules; what does the owl have ? -> feathers
    }

    public struct Configuration: Sendable, Hashable, CustomStringConvertible {
        public var kinds: [QuestionKind] = QuestionKind.allCases
        /// Whether the prompt shows the book; without it the rules must come from pretraining.
        public var showBook = true
        /// Rules in the book, 1...4: the one needed plus those of other choices. Fewer than 4 lets
        /// word overlap with the book point at the answer.
        public var bookRules = 4
        /// By knowledge item (generator version 2): a question and its answer asked in dev or test
        /// are never asked in train, whatever the distractors, so the split measures combining the
        /// book with pretraining, not recall of training questions (by instance, a LoRA fine-tune
        /// of the tiny base model scored 1.00 on dev and test).
        public var granularity: SplitGranularity = .item

        public init() {}
        public var description: String {
            "kinds=\(kinds.map(\.rawValue).joined(separator: ",")) book=\(showBook) rules=\(bookRules) split=\(granularity.rawValue)"
        }
    }

    public static let generatorVersion = 2
    public let name = "openbookqa-style"
    public let format = TaskFormat.multipleChoice
    public let metrics: [Metric] = [.accuracy, .accuracyNormalized]
    public let instruction: String? = nil
    public let splitSizes: [Split: Int] = [.train: 4957, .dev: 500, .test: 500]
    public let evaluationSplit = Split.dev
    public let maxGenerationTokens = 8
    public let configuration: Configuration
    public let world: World

    public init(configuration: Configuration = Configuration(), world: World = .standard) {
        precondition(!configuration.kinds.isEmpty, "openbookqa-style needs at least one question kind")
        precondition((1 ... 4).contains(configuration.bookRules), "bookRules must lie in 1...4")
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

    static let vocabularyTexts = [
        "things made of {material} {property} .", "{plural} have {trait} .", "which of these {property} ?",
        "what is true of the {thing} ?", "it {property}", "which animal has {trait} ?", "what does the {animal} have ?",
    ]

    static func materialRule(_ rule: MaterialRule) -> String { "things made of \(rule.material) \(rule.property) ." }
    static func classRule(_ animalClass: AnimalClass) -> String { "\(animalClass.plural) have \(animalClass.trait) ." }

    func draft(_ rng: inout TaskRandom) -> Draft {
        let kind = rng.pick(configuration.kinds)
        let question: String, correct: String, distractors: [String], rules: [String]
        switch kind {
        case .whichMaterial, .whatMaterial:
            let materials = rng.sample(world.materialsInUse, 4)
            let chosen = materials.map { rng.pick(world.things(madeOf: $0)) }
            let target = chosen[0]
            let rule = world.rule(for: target.material)
            rules = [Self.materialRule(rule)] + materials.dropFirst().prefix(configuration.bookRules - 1).map { Self.materialRule(world.rule(for: $0)) }
            if kind == .whichMaterial {
                question = "which of these \(rule.property3) ?"
                correct = target.name
                distractors = chosen.dropFirst().map(\.name)
            } else {
                question = "what is true of the \(target.name) ?"
                correct = "it \(rule.property3)"
                distractors = materials.dropFirst().map { "it \(world.rule(for: $0).property3)" }
            }
        case .whichClass, .whatClass:
            let classes = rng.sample(Array(0 ..< Lexicon.animalClasses.count), 4)
            let chosen = classes.map { c in rng.pick(world.animals.filter { $0.animalClass == c }) }
            let target = chosen[0]
            let targetClass = world.animalClass(of: target)
            rules = [Self.classRule(targetClass)] + classes.dropFirst().prefix(configuration.bookRules - 1).map { Self.classRule(Lexicon.animalClasses[$0]) }
            if kind == .whichClass {
                question = "which animal has \(targetClass.trait) ?"
                correct = target.name
                distractors = chosen.dropFirst().map(\.name)
            } else {
                question = "what does the \(target.name) have ?"
                correct = targetClass.trait
                distractors = classes.dropFirst().map { Lexicon.animalClasses[$0].trait }
            }
        }
        let prompt = configuration.showBook
            ? PromptFormat.openBook(facts: rng.shuffled(rules), question: question)
            : PromptFormat.question(question)
        // An instance is a question with its book; an item is the question and its answer, whatever the book.
        let key = configuration.granularity == .item ? "\(question) | \(correct)" : prompt + " | " + correct
        return Draft.multipleChoice(prompt: prompt, correct: correct, distractors: distractors, splitKey: key, rng: &rng)
    }
}
