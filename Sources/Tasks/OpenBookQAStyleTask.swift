// openbookqa-style: four-choice questions that combine a general rule, given in an "open book"
// before the question, with a fact about an entity that only pretraining taught (after OpenBookQA,
// Mihaylov et al., 2018). The book lists one rule per choice, so the rules' words appear for every
// choice alike and word overlap with the prompt does not reveal the answer. Half the books pair the
// rules' subjects and properties in a shuffled order (see `counterfactualBooks`), so the answer
// follows the book and cannot be recalled from pretraining or from the training split.
import RiteCore

public struct OpenBookQAStyleTask: DraftedTask {
    public enum QuestionKind: String, Sendable, Hashable, CaseIterable {
        case whichMaterial   // book of material rules; which of these floats on water ? -> an object
        case whatMaterial    // book of material rules; what is true of the cup ? -> it floats on water
        case whichClass      // book of class rules; which animal has gills ? -> an animal
        case whatClass       // book of class rules; what does the owl have ? -> feathers
    }

    public struct Configuration: TaskConfiguration {
        public var kinds: [QuestionKind] = QuestionKind.allCases
        /// Whether the prompt shows the book; without it the rules must come from pretraining.
        public var showBook = true
        /// Rules in the book, 1...4: the one needed plus those of other choices. Fewer than 4 lets
        /// word overlap with the book point at the answer.
        public var bookRules = 4
        public var granularity: SplitGranularity = .instance
        /// The share of questions whose book pairs the four materials (or animal classes) with the
        /// four properties (traits) in a shuffled order, the question's own one always moved
        /// (generator version 3). Their answer follows the book, not the world: the model must read
        /// the book and recall only the entity's material or class. With true books only (version
        /// 1), a LoRA fine-tune of the tiny base model recalled every answer (1.00); splitting by
        /// item instead (version 2) left dev and test about some fifty answers, where a length
        /// heuristic scored 0.36.
        public var counterfactualBooks = 0.5

        public init() {}
        public var description: String {
            "kinds=\(kinds.map(\.rawValue).joined(separator: ",")) book=\(showBook) rules=\(bookRules) split=\(granularity.rawValue) counterfactual=\(counterfactualBooks)"
        }
    }

    public static let generatorVersion = 3
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

    static let vocabularyTexts = [
        "things made of {material} {property} .", "{plural} have {trait} .", "which of these {property} ?",
        "what is true of the {thing} ?", "it {property}", "which animal has {trait} ?", "what does the {animal} have ?",
    ]

    /// Which property (trait) the book gives to each of the four drawn materials (classes): the
    /// identity for a true book; for a counterfactual one a shuffle that moves the first (the
    /// question's own).
    func bookAssignment(_ rng: inout TaskRandom) -> [Int] {
        guard rng.chance(configuration.counterfactualBooks) else { return [0, 1, 2, 3] }
        while true {
            let order = rng.shuffled([0, 1, 2, 3])
            if order[0] != 0 { return order }
        }
    }

    /// The book's rules come in a shuffled order, which is presentation: the item is the book as a
    /// set of rules, the question and its answer.
    public func distinctItem(of example: TaskExample) -> String {
        guard let open = example.prompt.firstRange(of: "fact : "), let close = example.prompt.firstRange(of: " question : ") else {
            return example.prompt + " => " + example.target
        }
        let rules = example.prompt[open.upperBound ..< close.lowerBound].split(separator: " ").split(separator: ".")
            .map { $0.joined(separator: " ") }.sorted()
        return rules.joined(separator: " . ") + " ." + example.prompt[close.lowerBound...] + " => " + example.target
    }

    func draft(_ rng: inout TaskRandom) -> Draft {
        let kind = rng.pick(configuration.kinds)
        let question: String, correct: String, distractors: [String], rules: [String]
        let assigned = bookAssignment(&rng)
        switch kind {
        case .whichMaterial, .whatMaterial:
            let materials = rng.sample(world.materialsInUse, 4)
            let chosen = materials.map { rng.pick(world.things(madeOf: $0)) }
            // The book's rule for material i carries the property of material assigned[i].
            let property = { (i: Int) in self.world.rule(for: materials[assigned[i]]) }
            func bookRule(_ i: Int) -> String { "things made of \(materials[i]) \(property(i).property) ." }
            rules = (0 ..< configuration.bookRules).map(bookRule)
            if kind == .whichMaterial {
                question = "which of these \(property(0).property3) ?"
                correct = chosen[0].name
                distractors = chosen.dropFirst().map(\.name)
            } else {
                question = "what is true of the \(chosen[0].name) ?"
                correct = "it \(property(0).property3)"
                distractors = (1 ..< 4).map { "it \(property($0).property3)" }
            }
        case .whichClass, .whatClass:
            let classes = rng.sample(Array(0 ..< Lexicon.animalClasses.count), 4)
            let chosen = classes.map { c in rng.pick(world.animals.filter { $0.animalClass == c }) }
            let trait = { (i: Int) in Lexicon.animalClasses[classes[assigned[i]]].trait }
            func bookRule(_ i: Int) -> String { "\(Lexicon.animalClasses[classes[i]].plural) have \(trait(i)) ." }
            rules = (0 ..< configuration.bookRules).map(bookRule)
            if kind == .whichClass {
                question = "which animal has \(trait(0)) ?"
                correct = chosen[0].name
                distractors = chosen.dropFirst().map(\.name)
            } else {
                question = "what does the \(chosen[0].name) have ?"
                correct = trait(0)
                distractors = (1 ..< 4).map(trait)
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
