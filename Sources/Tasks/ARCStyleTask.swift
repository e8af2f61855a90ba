// arc-style: four-choice questions that need facts of the world plus one step of reasoning (after
// the ARC Challenge set, Clark et al., 2018). Each question kind combines two facts the pretraining
// corpus states separately (an animal's class and the class's trait; a person's profession and
// what the profession makes; two habitats; two sizes...). The four choices always have the same
// form (four animals, four people, four traits...).

public struct ARCStyleTask: DraftedTask {
    public enum QuestionKind: String, Sendable, Hashable, CaseIterable {
        case classTrait         // which animal has feathers ?              (animal -> class -> trait)
        case traitOf            // what does an owl have ?                   (animal -> class -> trait)
        case sameHabitat        // which animal lives in the same place as the fox ?
        case largerThan         // which of these is larger than a cup ?
        case sameSize           // which of these is as big as a horse ?
        case materialProperty   // which of these floats on water ?         (object -> material -> rule)
        case professionProduct  // who bakes bread ?                         (person -> profession -> product)
        case dietAndHabitat     // which animal eats fish and lives in the sea ?
        case petTrait           // what does the pet of ana have ?           (two steps: person -> pet -> class -> trait)
    }

    public struct Configuration: TaskConfiguration {
        /// The question kinds drawn from, uniformly. `petTrait` needs two steps and is off by default.
        public var kinds: [QuestionKind] = QuestionKind.allCases.filter { $0 != .petTrait }
        public var granularity: SplitGranularity = .instance

        public init() {}
        public var description: String { "kinds=\(kinds.map(\.rawValue).joined(separator: ",")) split=\(granularity.rawValue)" }
    }

    public static let generatorVersion = 1
    public let name = "arc-style"
    public let format = TaskFormat.multipleChoice
    public let metrics: [Metric] = [.accuracy, .accuracyNormalized]
    public let instruction: String? = nil
    public let splitSizes: [Split: Int] = [.train: 1119, .dev: 299, .test: 1172]
    public let evaluationSplit = Split.test
    public let maxGenerationTokens = 8
    public let configuration: Configuration
    public let world: World

    public init(configuration: Configuration = Configuration(), world: World = .standard) {
        precondition(!configuration.kinds.isEmpty, "arc-style needs at least one question kind")
        self.configuration = configuration
        self.world = world
    }

    static let vocabularyTexts = [
        "which animal has {trait} ?", "what does {a} {animal} have ?", "which animal lives in the same place as the {animal} ?",
        "which of these is larger than {a} {thing} ?", "which of these is as big as {a} {thing} ?",
        "which of these {property} ?", "who {verb} {product} ?", "which animal eats {diet} and lives in the {habitat} ?",
        "what does the pet of {name} have ?", "a an",
    ]

    /// `count` distinct items of `pool` (by name) satisfying `where`, excluding `excluded` names.
    static func distinct<T>(_ pool: [T], _ count: Int, name: (T) -> String, excluding excluded: [String],
                            rng: inout TaskRandom, where keep: (T) -> Bool) -> [T] {
        var seen = Set(excluded)
        let candidates = pool.filter { keep($0) && !excluded.contains(name($0)) }
        var out: [T] = []
        for item in rng.shuffled(candidates) where !seen.contains(name(item)) {
            seen.insert(name(item))
            out.append(item)
            if out.count == count { break }
        }
        return out
    }

    /// An animal of a uniformly chosen class, so that no class is the likely answer.
    func randomAnimalOfRandomClass(_ rng: inout TaskRandom) -> Animal {
        let animalClass = rng.below(Lexicon.animalClasses.count)
        return rng.pick(world.animals.filter { $0.animalClass == animalClass })
    }

    func draft(_ rng: inout TaskRandom) -> Draft {
        while true {
            let kind = rng.pick(configuration.kinds)
            if let draft = draft(kind, &rng) { return draft }
        }
    }

    /// One question of `kind`, or nil when the random draw admits no unambiguous question.
    func draft(_ kind: QuestionKind, _ rng: inout TaskRandom) -> Draft? {
        let animals = world.animals
        var question: String
        var correct: String
        var distractors: [String]
        var item: String
        switch kind {
        case .classTrait:
            let target = randomAnimalOfRandomClass(&rng)
            let trait = world.animalClass(of: target).trait
            question = "which animal has \(trait) ?"
            correct = target.name
            distractors = Self.distinct(animals, 3, name: \.name, excluding: [target.name], rng: &rng) { $0.animalClass != target.animalClass }.map(\.name)
            item = target.name
        case .traitOf, .petTrait:
            var target = randomAnimalOfRandomClass(&rng)
            if kind == .petTrait {
                let person = rng.pick(world.people)
                target = world.animal(named: person.pet)!
                question = "what does the pet of \(person.name) have ?"
                item = person.name
            } else {
                question = "what does \(Text.indefinite(target.name)) have ?"
                item = target.name
            }
            correct = world.animalClass(of: target).trait
            distractors = rng.sample(Lexicon.animalClasses.map(\.trait).filter { $0 != correct }, 3)
        case .sameHabitat:
            let reference = rng.pick(animals)
            guard let match = Self.distinct(animals, 1, name: \.name, excluding: [reference.name], rng: &rng, where: { $0.habitat == reference.habitat }).first
            else { return nil }
            question = "which animal lives in the same place as the \(reference.name) ?"
            correct = match.name
            distractors = Self.distinct(animals, 3, name: \.name, excluding: [reference.name], rng: &rng) { $0.habitat != reference.habitat }.map(\.name)
            item = reference.name + "|" + match.name
        case .largerThan, .sameSize:
            // "larger than": one choice is larger than the reference, three are smaller (so the
            // answer is also the largest choice, as in such questions); "as big as": one has the
            // reference's size class, the others other classes on both sides where possible.
            let entities = world.sizedEntities
            let reference = rng.pick(entities)
            let larger = kind == .largerThan
            let right = Self.distinct(entities, 1, name: \.name, excluding: [reference.name], rng: &rng) { larger ? $0.size > reference.size : $0.size == reference.size }
            let wrong = Self.distinct(entities, 3, name: \.name, excluding: [reference.name], rng: &rng) { larger ? $0.size < reference.size : $0.size != reference.size }
            guard right.count == 1, wrong.count == 3 else { return nil }
            question = larger ? "which of these is larger than \(Text.indefinite(reference.name)) ?" : "which of these is as big as \(Text.indefinite(reference.name)) ?"
            correct = right[0].name
            distractors = wrong.map(\.name)
            item = reference.name + "|" + correct
        case .materialProperty:
            let material = rng.pick(world.materialsInUse)
            let rule = world.rule(for: material)
            let target = rng.pick(world.things(madeOf: material))
            question = "which of these \(rule.property3) ?"
            correct = target.name
            distractors = Self.distinct(world.things, 3, name: \.name, excluding: [target.name], rng: &rng) { $0.material != material }.map(\.name)
            item = target.name
        case .professionProduct:
            let target = rng.pick(world.people)
            let profession = target.profession
            question = "who \(profession.verb) \(profession.product) ?"
            correct = target.name
            distractors = Self.distinct(world.people, 3, name: \.name, excluding: [target.name], rng: &rng) { $0.profession.product != profession.product }.map(\.name)
            item = target.name
        case .dietAndHabitat:
            let target = rng.pick(animals)
            let unique = animals.filter { $0.diet == target.diet && $0.habitat == target.habitat }.count == 1
            guard unique else { return nil }
            question = "which animal eats \(target.diet) and lives in the \(target.habitat) ?"
            correct = target.name
            // Half-matching distractors: same diet or same habitat, never both.
            distractors = Self.distinct(animals, 3, name: \.name, excluding: [target.name], rng: &rng) {
                ($0.diet == target.diet) != ($0.habitat == target.habitat)
            }.map(\.name)
            if distractors.count < 3 {
                distractors += Self.distinct(animals, 3 - distractors.count, name: \.name, excluding: [target.name] + distractors, rng: &rng) {
                    !($0.diet == target.diet && $0.habitat == target.habitat)
                }.map(\.name)
            }
            item = target.name
        }
        guard distractors.count == 3 else { return nil }
        let prompt = PromptFormat.question(question)
        let key = configuration.granularity == .item ? "\(kind.rawValue)|\(item)" : prompt
        return Draft.multipleChoice(prompt: prompt, correct: correct, distractors: distractors, splitKey: key, rng: &rng)
    }
}
