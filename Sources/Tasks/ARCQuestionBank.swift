// Every question arc-style can ask about a world, each once: for each kind, every question the
// world admits with each of its correct answers (a "fact"). Generator 1 drew questions at random
// and split them by the question alone, so its 332 questions went to the splits whole and dev, the
// smallest split, asked 29 of them over and over. The bank deals the facts to the splits instead,
// and each split deals its own facts like a deck (`ARCStyleTask.example`), so a split repeats a
// fact only once it has asked all of them.
import RiteCore

/// One question with one correct answer; the distractors are drawn per example.
struct ARCFact: Sendable, Hashable {
    let kind: ARCStyleTask.QuestionKind
    /// The question, without the prompt format.
    let question: String
    let answer: String
    /// The entity the question is about (the animal, person, thing or reference of a comparison):
    /// the knowledge item of `.item` granularity.
    let subject: String

    /// What the facts dealt evenly to the splits share: the question, whose correct answers are
    /// spread over train, dev and test, or for a trait the answer (`what does an owl have ?` has
    /// one answer, and five traits answer all 46 such questions). So every split asks about the
    /// same mix of traits, classes, materials and references, and a model's leaning towards one
    /// answer moves dev as it moves test.
    var stratum: String { kind == .traitOf || kind == .petTrait ? answer : question }
}

struct ARCQuestionBank: Sendable {
    /// Facts by split and kind, each list in enumeration order.
    let facts: [Split: [ARCStyleTask.QuestionKind: [ARCFact]]]

    /// Deals the facts of `kinds` to the splits in thirds. By instance (the default), the facts of
    /// a kind are ordered by stratum (strata in the order of their hashes, facts within one by the
    /// hash of the question and answer) and dealt in turn to train, dev and test: each split gets a
    /// third of every kind and of every stratum, to one fact. By item, all facts about one entity
    /// go to the split its hash picks (a third of the entities each), so dev and test ask about
    /// entities the training split never asks about.
    init(world: World, kinds: Set<ARCStyleTask.QuestionKind>, granularity: SplitGranularity, salt: UInt64) {
        let order: [Split] = [.train, .dev, .test]
        func hash(_ key: String) -> UInt64 { StableHash.combine(salt, StableHash.of(key)) }
        var facts: [Split: [ARCStyleTask.QuestionKind: [ARCFact]]] = [:]
        for kind in ARCStyleTask.QuestionKind.allCases where kinds.contains(kind) {
            let all = Self.enumerate(kind, world: world)
            switch granularity {
            case .instance:
                let strata = Dictionary(grouping: all, by: \.stratum).sorted { (hash($0.key), $0.key) < (hash($1.key), $1.key) }
                let dealt = strata.flatMap { $0.value.sorted { hash($0.question + " | " + $0.answer) < hash($1.question + " | " + $1.answer) } }
                for (i, fact) in dealt.enumerated() { facts[order[i % 3], default: [:]][kind, default: []].append(fact) }
            case .item:
                for fact in all { facts[order[Int(hash(fact.subject) % 3)], default: [:]][kind, default: []].append(fact) }
            }
        }
        self.facts = facts
    }

    func facts(_ split: Split, _ kind: ARCStyleTask.QuestionKind) -> [ARCFact] { facts[split]?[kind] ?? [] }

    /// Every fact of `kind`, in a fixed order; only questions that admit three distractors.
    static func enumerate(_ kind: ARCStyleTask.QuestionKind, world: World) -> [ARCFact] {
        let animals = world.animals
        switch kind {
        case .classTrait:
            return animals.map { a in
                ARCFact(kind: kind, question: "which animal has \(world.animalClass(of: a).trait) ?", answer: a.name, subject: a.name)
            }
        case .traitOf:
            return animals.map { a in
                ARCFact(kind: kind, question: "what does \(Text.indefinite(a.name)) have ?", answer: world.animalClass(of: a).trait,
                        subject: a.name)
            }
        case .petTrait:
            return world.people.map { p in
                let pet = world.animal(named: p.pet)!
                return ARCFact(kind: kind, question: "what does the pet of \(p.name) have ?", answer: world.animalClass(of: pet).trait,
                               subject: p.name)
            }
        case .sameHabitat:
            // Every animal of another habitat is a possible distractor, so every pair qualifies.
            return animals.flatMap { reference in
                animals.filter { $0.name != reference.name && $0.habitat == reference.habitat }.map { match in
                    ARCFact(kind: kind, question: "which animal lives in the same place as the \(reference.name) ?", answer: match.name,
                            subject: reference.name)
                }
            }
        case .largerThan, .sameSize:
            let entities = uniqueByName(world.sizedEntities, name: \.name)
            let larger = kind == .largerThan
            return entities.flatMap { reference -> [ARCFact] in
                let others = entities.filter { $0.name != reference.name }
                let wrong = others.filter { larger ? $0.size < reference.size : $0.size != reference.size }
                guard wrong.count >= 3 else { return [] }
                let question = larger ? "which of these is larger than \(Text.indefinite(reference.name)) ?"
                                      : "which of these is as big as \(Text.indefinite(reference.name)) ?"
                return others.filter { larger ? $0.size > reference.size : $0.size == reference.size }.map { right in
                    ARCFact(kind: kind, question: question, answer: right.name, subject: reference.name)
                }
            }
        case .materialProperty:
            return uniqueByName(world.things, name: \.name).map { t in
                ARCFact(kind: kind, question: "which of these \(world.rule(for: t.material).property3) ?", answer: t.name, subject: t.name)
            }
        case .professionProduct:
            return world.people.map { p in
                ARCFact(kind: kind, question: "who \(p.profession.verb) \(p.profession.product) ?", answer: p.name, subject: p.name)
            }
        case .dietAndHabitat:
            // Only animals that are the one of their diet and habitat, so the question has one answer.
            return animals.filter { a in animals.filter { $0.diet == a.diet && $0.habitat == a.habitat }.count == 1 }.map { a in
                ARCFact(kind: kind, question: "which animal eats \(a.diet) and lives in the \(a.habitat) ?", answer: a.name, subject: a.name)
            }
        }
    }

    /// Three distractors for `fact`, of the same form as its answer, none of them also correct.
    static func distractors(for fact: ARCFact, world: World, rng: inout TaskRandom) -> [String] {
        let animals = world.animals
        switch fact.kind {
        case .classTrait:
            let target = world.animal(named: fact.answer)!
            return pick(animals, 3, name: \.name, excluding: [target.name], rng: &rng) { $0.animalClass != target.animalClass }
        case .traitOf, .petTrait:
            return rng.sample(Lexicon.animalClasses.map(\.trait).filter { $0 != fact.answer }, 3)
        case .sameHabitat:
            let reference = world.animal(named: fact.subject)!
            return pick(animals, 3, name: \.name, excluding: [reference.name], rng: &rng) { $0.habitat != reference.habitat }
        case .largerThan, .sameSize:
            // "larger than": three choices smaller than the reference (so the answer is also the
            // largest choice, as in such questions); "as big as": three of other size classes.
            let entities = world.sizedEntities
            let reference = entities.first { $0.name == fact.subject }!
            let larger = fact.kind == .largerThan
            return pick(entities, 3, name: \.name, excluding: [reference.name, fact.answer], rng: &rng) {
                larger ? $0.size < reference.size : $0.size != reference.size
            }
        case .materialProperty:
            let material = world.thing(named: fact.answer)!.material
            return pick(world.things, 3, name: \.name, excluding: [fact.answer], rng: &rng) { $0.material != material }
        case .professionProduct:
            let product = world.person(named: fact.answer)!.profession.product
            return pick(world.people, 3, name: \.name, excluding: [fact.answer], rng: &rng) { $0.profession.product != product }
        case .dietAndHabitat:
            // Half-matching distractors first (same diet or same habitat, never both), then any other.
            let target = world.animal(named: fact.answer)!
            var out = pick(animals, 3, name: \.name, excluding: [target.name], rng: &rng) {
                ($0.diet == target.diet) != ($0.habitat == target.habitat)
            }
            if out.count < 3 {
                out += pick(animals, 3 - out.count, name: \.name, excluding: [target.name] + out, rng: &rng) {
                    !($0.diet == target.diet && $0.habitat == target.habitat)
                }
            }
            return out
        }
    }

    /// `count` distinct names of `pool` satisfying `keep`, other than `excluded`, in random order.
    static func pick<T>(_ pool: [T], _ count: Int, name: (T) -> String, excluding excluded: [String],
                        rng: inout TaskRandom, where keep: (T) -> Bool) -> [String] {
        let candidates = uniqueByName(pool.filter { keep($0) && !excluded.contains(name($0)) }, name: name).map(name)
        return rng.sample(candidates, min(count, candidates.count))
    }

    /// The first of each name, in order (an object and an animal could share a name).
    static func uniqueByName<T>(_ items: [T], name: (T) -> String) -> [T] {
        var seen = Set<String>()
        return items.filter { seen.insert(name($0)).inserted }
    }
}
