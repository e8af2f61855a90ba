// Records and their verbalisation for the data-to-text task type: a record lists some fields of
// one entity of the world ("name : kettle | color : red | material : metal"), and the text states
// each field as a clause, either joined by "and" in one sentence or one sentence per field.

enum RecordRealizer {
    /// A field of a record: its name, its value, and the clause that states it.
    struct Field {
        let name: String
        let value: String
        let clause: String
    }

    static let vocabulary = [
        "name : | kind color material room size job town pet class home food",
        "the {name} is {a} {kind} is made of is kept in the is a lives in has a pet eats and it . she he",
    ]

    static func instance(_ world: World, _ configuration: SNIConfiguration, _ rng: inout TaskRandom) -> SNIInstance {
        let subject: String, pronoun: String, fields: [Field], entity: String
        switch rng.below(3) {
        case 0:
            let thing = rng.pick(world.things)
            subject = "the \(thing.name)"
            pronoun = "it"
            entity = thing.name
            fields = [
                Field(name: "kind", value: thing.kind, clause: "is \(Text.indefinite(thing.kind))"),
                Field(name: "color", value: thing.color, clause: "is \(thing.color)"),
                Field(name: "material", value: thing.material, clause: "is made of \(thing.material)"),
                Field(name: "room", value: thing.room, clause: "is kept in the \(thing.room)"),
                Field(name: "size", value: Lexicon.sizes[thing.size], clause: "is \(Lexicon.sizes[thing.size])"),
            ]
        case 1:
            let person = rng.pick(world.people)
            subject = person.name
            pronoun = person.gender.subject
            entity = person.name
            fields = [
                Field(name: "job", value: person.profession.name, clause: "is \(Text.indefinite(person.profession.name))"),
                Field(name: "town", value: person.town, clause: "lives in \(person.town)"),
                Field(name: "pet", value: person.pet, clause: "has a pet \(person.pet)"),
            ]
        default:
            let animal = rng.pick(world.animals)
            subject = "the \(animal.name)"
            pronoun = "it"
            entity = animal.name
            fields = [
                Field(name: "class", value: world.animalClass(of: animal).name, clause: "is \(Text.indefinite(world.animalClass(of: animal).name))"),
                Field(name: "home", value: animal.habitat, clause: "lives in the \(animal.habitat)"),
                Field(name: "food", value: animal.diet, clause: "eats \(animal.diet)"),
                Field(name: "size", value: Lexicon.sizes[animal.size], clause: "is \(Lexicon.sizes[animal.size])"),
            ]
        }
        let wanted = min(rng.int(in: configuration.recordFields), fields.count)
        let chosen = rng.sample(fields, wanted)
        let nameValue = subject.hasPrefix("the ") ? String(subject.dropFirst(4)) : subject
        let record = (["name : \(nameValue)"] + chosen.map { "\($0.name) : \($0.value)" }).joined(separator: " | ")
        let text: String
        if configuration.recordPhrasings >= 2 && rng.chance(0.5) {
            text = chosen.enumerated().map { "\($0.offset == 0 ? subject : pronoun) \($0.element.clause) ." }.joined(separator: " ")
        } else {
            text = "\(subject) " + chosen.map(\.clause).joined(separator: " and ") + " ."
        }
        return SNIInstance(input: record, output: text, itemKey: entity + "|" + chosen.map(\.name).sorted().joined(separator: ","))
    }
}
