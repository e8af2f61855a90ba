// The further instruction task types that, with the four single ones, make up `sni-global`: each
// asks about the world in its own way (lookups, one-step inferences, comparisons, symbolic edits),
// some classification with a closed label set, some generation.

extension SNITaskType {
    /// Every type of the global mixture, in a fixed order (example i of a split is of type i mod count).
    static let all: [SNITaskType] = [
        causeEffect, coreference, title, dataToText,
        objectMaterial, animalClass, animalHabitat, personProfession, personPet, personTown,
        nextStep, firstStep, activityName, oneStepArithmetic, largerOfTwo, factCheck,
        countAnimals, sortBySize, objectColor, objectRoom, reverseWords, oddOneOut, ruleApplication, professionProduct,
    ]

    private static func classification(_ name: String, _ instruction: String, _ vocabulary: [String],
                                       _ make: @escaping @Sendable (World, SNIConfiguration, inout TaskRandom) -> SNIInstance?) -> SNITaskType {
        SNITaskType(name: name, instruction: instruction, isClassification: true, vocabulary: vocabulary, make: make)
    }

    private static func generation(_ name: String, _ instruction: String, _ vocabulary: [String],
                                   _ make: @escaping @Sendable (World, SNIConfiguration, inout TaskRandom) -> SNIInstance?) -> SNITaskType {
        SNITaskType(name: name, instruction: instruction, isClassification: false, vocabulary: vocabulary, make: make)
    }

    static let objectMaterial = classification(
        "object_material", "in this task you are given a sentence about an object . write the material the object is made of .",
        ["{name} found the {thing} in the {room} ."]
    ) { world, _, rng in
        let thing = rng.pick(world.things), person = rng.pick(world.people)
        return SNIInstance(input: "\(person.name) found the \(thing.name) in the \(thing.room) .", output: thing.material,
                           labels: Lexicon.materialRules.map(\.material), itemKey: thing.name)
    }

    static let animalClass = classification(
        "animal_classification", "in this task you are given a sentence that mentions an animal . write whether the animal is a bird , a fish , a mammal , an insect or a reptile .",
        ["{name} saw {a} {animal} near the {habitat} ."]
    ) { world, _, rng in
        let animal = rng.pick(world.animals), person = rng.pick(world.people)
        return SNIInstance(input: "\(person.name) saw \(Text.indefinite(animal.name)) near the \(animal.habitat) .",
                           output: world.animalClass(of: animal).name, labels: Lexicon.animalClasses.map(\.name), itemKey: animal.name)
    }

    static let animalHabitat = classification(
        "animal_habitat", "in this task you are given a sentence about an animal . write the place where the animal lives .",
        ["{name} wants to see {a} {animal} ."]
    ) { world, _, rng in
        let animal = rng.pick(world.animals), person = rng.pick(world.people)
        return SNIInstance(input: "\(person.name) wants to see \(Text.indefinite(animal.name)) .", output: animal.habitat,
                           labels: Lexicon.habitats, itemKey: animal.name)
    }

    static let personTemplates = ["{name} left home early .", "{name} came back late .", "{name} met {other} at the fair .", "{name} has a busy week ."]

    private static func personInput(_ world: World, _ rng: inout TaskRandom) -> (Person, String) {
        let person = rng.pick(world.people)
        var other = rng.pick(world.people)
        while other.name == person.name { other = rng.pick(world.people) }
        return (person, Text.fill(rng.pick(personTemplates), ["name": person.name, "other": other.name]))
    }

    static let personProfession = classification(
        "person_profession", "in this task you are given a sentence about a person . write the job of the first person named in the sentence .",
        personTemplates
    ) { world, _, rng in
        let (person, input) = personInput(world, &rng)
        return SNIInstance(input: input, output: person.profession.name, labels: Lexicon.professions.map(\.name), itemKey: person.name)
    }

    static let personPet = classification(
        "person_pet", "in this task you are given a sentence about a person . write the animal the first person named in the sentence keeps as a pet .",
        personTemplates
    ) { world, _, rng in
        let (person, input) = personInput(world, &rng)
        return SNIInstance(input: input, output: person.pet, labels: Lexicon.petAnimals, itemKey: person.name)
    }

    static let personTown = classification(
        "person_town", "in this task you are given a sentence about a person . write the town where the first person named in the sentence lives .",
        personTemplates
    ) { world, _, rng in
        let (person, input) = personInput(world, &rng)
        return SNIInstance(input: input, output: person.town, labels: Lexicon.towns, itemKey: person.name)
    }

    static let nextStep = generation(
        "next_step", "in this task you are given the name of an activity and one step of it . write the step that comes next .",
        ["{name} is {activity} . {pron} {step} ."]
    ) { world, _, rng in
        let activity = rng.pick(Lexicon.activities), person = rng.pick(world.people)
        let i = rng.below(activity.steps.count - 1)
        let pron = person.gender.subject
        return SNIInstance(input: "\(person.name) is \(activity.name) . \(pron) \(activity.steps[i]) .",
                           output: "\(pron) \(activity.steps[i + 1]) .", itemKey: "\(activity.name)|\(i)")
    }

    static let firstStep = generation(
        "first_step", "in this task you are given a person and an activity . write the first step of the activity .",
        ["{name} is about to start {activity} ."]
    ) { world, _, rng in
        let activity = rng.pick(Lexicon.activities), person = rng.pick(world.people)
        return SNIInstance(input: "\(person.name) is about to start \(activity.name) .",
                           output: "\(person.gender.subject) \(activity.steps[0]) .", itemKey: activity.name)
    }

    static let activityName = classification(
        "activity_recognition", "in this task you are given two steps that a person takes . write the name of the activity the person is doing .",
        ["{name} {step} . later {pron} {step} ."]
    ) { world, _, rng in
        let activity = rng.pick(Lexicon.activities), person = rng.pick(world.people)
        let picked = rng.sample(Array(0 ..< activity.steps.count), 2).sorted()
        return SNIInstance(input: "\(person.name) \(activity.steps[picked[0]]) . later \(person.gender.subject) \(activity.steps[picked[1]]) .",
                           output: activity.name, labels: Lexicon.activities.map(\.name), itemKey: activity.name)
    }

    static let oneStepArithmetic = generation(
        "one_step_arithmetic", "in this task you are given a short story about some things . write how many things the person has at the end , as a number .",
        ["{name} has {n} {items} and gets {n} more .", "{name} has {n} {items} and gives {n} away ."]
    ) { world, _, rng in
        let person = rng.pick(world.people), items = rng.pick(Lexicon.countables).1
        let a = rng.int(in: 2 ... 30), b = rng.int(in: 1 ... 9)
        if rng.chance(0.5) {
            return SNIInstance(input: "\(person.name) has \(a) \(items) and gets \(b) more .", output: "\(a + b)", itemKey: "\(a)+\(b)")
        }
        guard b < a else { return nil }
        return SNIInstance(input: "\(person.name) has \(a) \(items) and gives \(b) away .", output: "\(a - b)", itemKey: "\(a)-\(b)")
    }

    static let largerOfTwo = classification(
        "larger_of_two", "in this task you are given two things . write the name of the larger one .",
        ["the {x} and the {y}"]
    ) { world, _, rng in
        let entities = world.sizedEntities
        let x = rng.pick(entities), y = rng.pick(entities)
        guard x.size != y.size else { return nil }
        return SNIInstance(input: "the \(x.name) and the \(y.name)", output: x.size > y.size ? x.name : y.name,
                           labels: [x.name, y.name], itemKey: [x.name, y.name].sorted().joined(separator: "|"))
    }

    static let factCheck = classification(
        "fact_checking", "in this task you are given a statement about the world . write true if the statement is right and false if it is wrong .",
        ["the {thing} is made of {material} .", "{name} is {a} {profession} .", "the {animal} lives in the {habitat} .", "true false"]
    ) { world, _, rng in
        let truth = rng.chance(0.5)
        let statement: String, item: String
        switch rng.below(3) {
        case 0:
            let thing = rng.pick(world.things)
            let others = Lexicon.materialRules.map(\.material).filter { $0 != thing.material }
            statement = "the \(thing.name) is made of \(truth ? thing.material : rng.pick(others)) ."
            item = thing.name
        case 1:
            let person = rng.pick(world.people)
            let others = Lexicon.professions.map(\.name).filter { $0 != person.profession.name }
            statement = "\(person.name) is \(Text.indefinite(truth ? person.profession.name : rng.pick(others))) ."
            item = person.name
        default:
            let animal = rng.pick(world.animals)
            let others = Lexicon.habitats.filter { $0 != animal.habitat }
            statement = "the \(animal.name) lives in the \(truth ? animal.habitat : rng.pick(others)) ."
            item = animal.name
        }
        return SNIInstance(input: statement, output: truth ? "true" : "false", labels: ["true", "false"], itemKey: item)
    }

    static let countAnimals = generation(
        "count_animals", "in this task you are given a list of things . write how many of them are animals , as a number .",
        ["the {x} , the {y}"]
    ) { world, _, rng in
        let count = rng.int(in: 4 ... 6)
        let animalCount = rng.int(in: 0 ... count)
        let names = rng.sample(world.animals.map(\.name), animalCount) + rng.sample(world.things.map(\.name), count - animalCount)
        let shuffled = rng.shuffled(names)
        return SNIInstance(input: shuffled.map { "the \($0)" }.joined(separator: " , "), output: "\(animalCount)",
                           itemKey: shuffled.sorted().joined(separator: "|"))
    }

    static let sortBySize = generation(
        "sort_by_size", "in this task you are given three things . write their names from the smallest to the largest , separated by commas .",
        ["the {x} , the {y} and the {z}", "{x} , {y} , {z}"]
    ) { world, _, rng in
        let entities = world.sizedEntities
        let picked = (0 ..< 3).map { _ in rng.pick(entities) }
        guard Set(picked.map(\.size)).count == 3 else { return nil }
        let sorted = picked.sorted { $0.size < $1.size }.map(\.name)
        return SNIInstance(input: "the \(picked[0].name) , the \(picked[1].name) and the \(picked[2].name)",
                           output: sorted.joined(separator: " , "), itemKey: sorted.joined(separator: "|"))
    }

    static let objectColor = classification(
        "object_color", "in this task you are given a sentence about an object . write the color of the object .",
        ["{name} painted a picture of the {thing} ."]
    ) { world, _, rng in
        let thing = rng.pick(world.things), person = rng.pick(world.people)
        return SNIInstance(input: "\(person.name) painted a picture of the \(thing.name) .", output: thing.color,
                           labels: Lexicon.colors, itemKey: thing.name)
    }

    static let objectRoom = classification(
        "object_room", "in this task you are given a sentence about an object . write the room where the object is kept .",
        ["{name} is looking for the {thing} ."]
    ) { world, _, rng in
        let thing = rng.pick(world.things), person = rng.pick(world.people)
        return SNIInstance(input: "\(person.name) is looking for the \(thing.name) .", output: thing.room, labels: Lexicon.rooms, itemKey: thing.name)
    }

    static let reverseWords = generation(
        "reverse_words", "in this task you are given a list of words . write the same words in reverse order .",
        []
    ) { world, _, rng in
        let pool = world.things.map(\.name) + world.animals.map(\.name) + Lexicon.colors
        let words = rng.sample(pool, rng.int(in: 3 ... 5))
        return SNIInstance(input: words.joined(separator: " "), output: words.reversed().joined(separator: " "),
                           itemKey: words.joined(separator: " "))
    }

    static let oddOneOut = classification(
        "odd_one_out", "in this task you are given four animals . three of them belong to the same class . write the name of the one that does not .",
        ["{a} , {b} , {c} , {d}"]
    ) { world, _, rng in
        let classes = rng.sample(Array(0 ..< Lexicon.animalClasses.count), 2)
        let same = world.animals.filter { $0.animalClass == classes[0] }
        guard same.count >= 3 else { return nil }
        let odd = rng.pick(world.animals.filter { $0.animalClass == classes[1] })
        let names = rng.shuffled(rng.sample(same, 3).map(\.name) + [odd.name])
        return SNIInstance(input: names.joined(separator: " , "), output: odd.name, labels: names,
                           itemKey: names.sorted().joined(separator: "|"))
    }

    static let ruleApplication = generation(
        "rule_application", "in this task you are given an object . write a sentence that says what the object does because of the material it is made of .",
        ["the {thing}", "the {thing} {property} ."]
    ) { world, _, rng in
        let thing = rng.pick(world.things), person = rng.pick(world.people)
        return SNIInstance(input: "\(person.name) found the \(thing.name) in the \(thing.room) .",
                           output: "the \(thing.name) \(world.rule(for: thing.material).property3) .", itemKey: thing.name)
    }

    static let professionProduct = classification(
        "profession_product", "in this task you are given a sentence about a person . write what the first person named in the sentence makes or grows for a living .",
        personTemplates
    ) { world, _, rng in
        let (person, input) = personInput(world, &rng)
        var products: [String] = []
        for profession in Lexicon.professions where !products.contains(profession.product) { products.append(profession.product) }
        return SNIInstance(input: input, output: person.profession.product, labels: products, itemKey: person.name)
    }
}
