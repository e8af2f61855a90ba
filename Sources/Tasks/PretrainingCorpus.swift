// The pretraining corpus: an endless, deterministic stream of short documents drawn from the world.
// Documents state its facts (about objects, animals and people), its general rules, and narrate its
// activities, causes and effects, and simple sums, so that a base model pretrained on it knows the
// vocabulary and the facts. A last kind of document, "ana says cause . ben says title .", mentions
// every other vocabulary word: a word the corpus never used would keep the embedding weight decay
// and the softmax push it to, near zero, and since the head is tied to the embedding, a LoRA adapter
// on the attention projections could never make the model emit it (a task whose answer is "cause"
// would be unlearnable, whatever the optimizer). It never uses a task format: no question or answer markers, no choice
// lists, no instructions (a test checks that `PromptFormat.formatOnlyTokens` never occur). Derived
// facts (what an object does because of its material, what a person makes) are not stated: the
// tasks ask for them, and they follow from one fact plus one rule.

public struct PretrainingCorpus: Sendable {
    public struct Configuration: Sendable, Hashable, CustomStringConvertible {
        /// Relative weights of the document kinds: objects, animals, people, rules, activities,
        /// causes, sums, word mentions.
        public var weights: [Int] = [4, 3, 3, 2, 4, 2, 2, 2]
        /// Fraction of activities narrated step by step (the others are only named); below 1 it
        /// keeps some scripts out of pretraining, so that tasks about them start from chance.
        public var activityCoverage = 1.0
        /// Whether derived facts ("the kettle conducts heat", "ana bakes bread") are stated too.
        public var statesDerivedFacts = false

        public init() {}
        public var description: String {
            "weights=\(weights.map(String.init).joined(separator: ",")) coverage=\(activityCoverage) derived=\(statesDerivedFacts)"
        }
    }

    public static let generatorVersion = 2
    /// The default length of the pretraining stream.
    public static let defaultTokenCount = 3_000_000
    public static let standard = PretrainingCorpus()

    public let configuration: Configuration
    public let world: World
    public let tokenizer: Tokenizer

    public init(configuration: Configuration = Configuration(), world: World = .standard, tokenizer: Tokenizer = .standard) {
        precondition(configuration.weights.count == 8 && configuration.weights.allSatisfy { $0 >= 0 } && configuration.weights.reduce(0, +) > 0,
                     "corpus weights: eight non-negative weights, not all zero")
        self.configuration = configuration
        self.world = world
        self.tokenizer = tokenizer
        let excluded = Set(Tokenizer.specialTokens + PromptFormat.formatOnlyTokens)
        mentionedWords = tokenizer.tokens.filter { !excluded.contains($0) }
    }

    /// The words the mention documents draw from: the whole vocabulary except the special tokens
    /// and the format-only markers, in id order.
    public let mentionedWords: [String]

    public var version: String {
        ExampleSampler.version(generator: Self.generatorVersion, configuration: configuration.description,
                               standard: Configuration().description)
    }

    static let vocabularyTexts = [
        "the {thing} is made of {material} .", "the {thing} is {color} .", "the color of the {thing} is {color} .",
        "the {thing} is kept in the {room} .", "you can find the {thing} in the {room} .", "the {thing} is {a} {kind} .",
        "the {thing} is {size} .", "the {animal} is {a} {class} .", "the {animal} lives in the {habitat} .",
        "the {animal} eats {diet} .", "{name} is {a} {profession} .", "{name} lives in {town} .", "{name} has a pet {pet} .",
        "{pron} is {a} {profession} .", "{pron} lives in {town} .", "{pron} has a pet {pet} .", "things made of {material} {property} .",
        "{plural} have {trait} .", "{plural} {verb} {product} .", "{size} things are bigger than {size} things .",
        "{name} is {activity} . {pron} {step} . {pron} {step} .",
        "{cause} , so {effect} .", "{effect} because {cause} .",
        "{name} has {n} {items} . now {pron} has {n} {items} . {pron} buys {n} more {items} . {pron} gives {n} {items} to {other} .",
        "{name} likes {activity} .", "a thing made of {material} {property3} .", "{a} {profession} {verb} {product} .",
        "{name} says {word} .",
    ]

    /// The text of document `index`.
    public func document(_ index: Int) -> String {
        var rng = TaskRandom(seed: StableHash.combine(world.seed, StableHash.of("corpus"), StableHash.of(version), UInt64(index)))
        let weights = configuration.weights
        var pick = rng.below(weights.reduce(0, +))
        var kind = 0
        while pick >= weights[kind] { pick -= weights[kind]; kind += 1 }
        switch kind {
        case 0: return thingDocument(&rng)
        case 1: return animalDocument(&rng)
        case 2: return personDocument(&rng)
        case 3: return ruleDocument(&rng)
        case 4: return activityDocument(&rng)
        case 5: return causalDocument(&rng)
        case 6: return sumDocument(&rng)
        default: return mentionDocument(&rng)
        }
    }

    /// The first `count` tokens of the stream: documents 0, 1, 2, ..., each as `<bos> text <eos>`.
    public func tokens(count: Int = PretrainingCorpus.defaultTokenCount) throws -> [Int32] {
        var out: [Int32] = []
        out.reserveCapacity(count + 256)
        var index = 0
        while out.count < count {
            out.append(tokenizer.bos)
            out += try tokenizer.encode(document(index))
            out.append(tokenizer.eos)
            index += 1
        }
        return Array(out.prefix(count))
    }

    /// How often each vocabulary entry (by id) occurs in `stream`.
    public func tokenCounts(of stream: [Int32]) -> [Int] {
        var counts = [Int](repeating: 0, count: tokenizer.vocabularySize)
        for token in stream { counts[Int(token)] += 1 }
        return counts
    }

    func sentences(_ rng: inout TaskRandom, _ facts: [String]) -> String {
        rng.sample(facts, rng.int(in: min(2, facts.count) ... facts.count)).joined(separator: " ")
    }

    func thingDocument(_ rng: inout TaskRandom) -> String {
        let t = rng.pick(world.things), n = t.name
        var facts = [
            "the \(n) is made of \(t.material) .",
            rng.chance(0.5) ? "the \(n) is \(t.color) ." : "the color of the \(n) is \(t.color) .",
            rng.chance(0.5) ? "the \(n) is kept in the \(t.room) ." : "you can find the \(n) in the \(t.room) .",
            "the \(n) is \(Text.indefinite(t.kind)) .", "the \(n) is \(Lexicon.sizes[t.size]) .",
        ]
        if configuration.statesDerivedFacts { facts.append("the \(n) \(world.rule(for: t.material).property3) .") }
        return sentences(&rng, facts)
    }

    func animalDocument(_ rng: inout TaskRandom) -> String {
        let a = rng.pick(world.animals), n = a.name
        var facts = [
            "the \(n) is \(Text.indefinite(world.animalClass(of: a).name)) .", "the \(n) lives in the \(a.habitat) .",
            "the \(n) eats \(a.diet) .", "the \(n) is \(Lexicon.sizes[a.size]) .",
        ]
        if configuration.statesDerivedFacts { facts.append("the \(n) has \(world.animalClass(of: a).trait) .") }
        return sentences(&rng, facts)
    }

    func personDocument(_ rng: inout TaskRandom) -> String {
        let p = rng.pick(world.people)
        var facts = ["is \(Text.indefinite(p.profession.name)) .", "lives in \(p.town) .", "has a pet \(p.pet) ."]
        if configuration.statesDerivedFacts { facts.append("\(p.profession.verb) \(p.profession.product) .") }
        let chosen = rng.sample(facts, rng.int(in: 2 ... facts.count))
        return chosen.enumerated().map { "\($0.offset == 0 ? p.name : p.gender.subject) \($0.element)" }.joined(separator: " ")
    }

    func ruleDocument(_ rng: inout TaskRandom) -> String {
        // Each rule in the plural and in the singular ("a thing made of metal conducts heat"): the
        // singular verb forms are what the tasks' answers use.
        var rules = Lexicon.materialRules.map { "things made of \($0.material) \($0.property) ." }
        rules += Lexicon.materialRules.map { "a thing made of \($0.material) \($0.property3) ." }
        rules += Lexicon.animalClasses.map { "\($0.plural) have \($0.trait) ." }
        rules += Lexicon.professions.map { "\($0.plural) \($0.verbBase) \($0.product) ." }
        rules += Lexicon.professions.map { "\(Text.indefinite($0.name)) \($0.verb) \($0.product) ." }
        rules += (1 ..< Lexicon.sizes.count).map { "\(Lexicon.sizes[$0]) things are bigger than \(Lexicon.sizes[$0 - 1]) things ." }
        return rng.sample(rules, rng.int(in: 2 ... 5)).joined(separator: " ")
    }

    func activityDocument(_ rng: inout TaskRandom) -> String {
        let activities = Lexicon.activities
        let covered = max(1, Int((configuration.activityCoverage * Double(activities.count)).rounded()))
        let p = rng.pick(world.people), pron = p.gender.subject
        if covered < activities.count, rng.chance(Double(activities.count - covered) / Double(activities.count)) {
            return "\(p.name) likes \(activities[covered + rng.below(activities.count - covered)].name) ."
        }
        let activity = activities[rng.below(covered)]
        // No connectives ("first", "then", "finally"): they would tell which steps open or close a
        // script, a cue the tasks' endings could be scored by without knowing the script.
        var text = "\(p.name) is \(activity.name) ."
        for step in activity.steps { text += " \(pron) \(step) ." }
        return text
    }

    func causalDocument(_ rng: inout TaskRandom) -> String {
        (0 ..< rng.int(in: 1 ... 3)).map { _ in
            let pair = rng.pick(Lexicon.causalPairs)
            let p = rng.pick(world.people)
            var slots = ["name": p.name, "pron": p.gender.subject, "poss": p.gender.possessive]
            if let material = pair.material { slots["obj"] = rng.pick(world.things(madeOf: material)).name }
            let cause = Text.fill(pair.cause, slots), effect = Text.fill(pair.effect, slots)
            return rng.chance(0.5) ? "\(cause) , so \(effect) ." : "\(effect) because \(cause) ."
        }.joined(separator: " ")
    }

    func sumDocument(_ rng: inout TaskRandom) -> String {
        let p = rng.pick(world.people), pron = p.gender.subject
        var other = rng.pick(world.people)
        while other.name == p.name { other = rng.pick(world.people) }
        let items = rng.pick(Lexicon.countables).1
        var value = rng.int(in: 2 ... 20)
        var text = "\(p.name) has \(value) \(items) ."
        for _ in 0 ..< rng.int(in: 1 ... 2) {
            let n = rng.int(in: 1 ... 9)
            if rng.chance(0.5) || n >= value {
                text += " \(pron) buys \(n) more \(items) ."
                value += n
            } else {
                text += " \(pron) gives \(n) \(items) to \(other.name) ."
                value -= n
            }
            text += " now \(pron) has \(value) \(items) ."
        }
        return text
    }

    /// "ana says cause . ben says title .": three to six words of the vocabulary, each mentioned once.
    func mentionDocument(_ rng: inout TaskRandom) -> String {
        (0 ..< rng.int(in: 3 ... 6)).map { _ in "\(rng.pick(world.people).name) says \(rng.pick(mentionedWords)) ." }.joined(separator: " ")
    }
}
