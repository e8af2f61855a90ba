// One seeded synthetic world: the fixed lexicon plus the arbitrary facts the seed assigns (each
// person's profession, town and pet; each object's material, colour and room). Every task and the
// pretraining corpus draw on the same world, so facts learnt in pretraining are the facts the tasks
// ask about.

/// A person of the world.
public struct Person: Sendable, Hashable {
    public let name: String
    public let gender: Gender
    public let profession: Profession
    public let town: String
    public let pet: String
}

/// An object of the world: an object type with its assigned material, colour and room.
public struct Thing: Sendable, Hashable {
    public let type: ObjectType
    public let material: String
    public let color: String
    public let room: String

    public var name: String { type.name }
    public var kind: String { type.kind }
    public var size: Int { type.size }
}

public struct World: Sendable {
    /// Bump when the lexicon or the assignment of facts changes; it is part of every task version.
    public static let version = 1
    /// The seed of the world every task and the corpus use.
    public static let standardSeed: UInt64 = 20_241_028
    public static let standard = World(seed: standardSeed)

    public let seed: UInt64
    public let people: [Person]
    public let things: [Thing]
    public let animals: [Animal]

    public init(seed: UInt64) {
        self.seed = seed
        var rng = TaskRandom(seed: StableHash.combine(seed, StableHash.of("world")))
        // Professions: each has two women and two men, so that every same-gender pair of
        // candidates with different professions exists for the coreference tasks.
        let women = rng.shuffled(Lexicon.femaleNames)
        let men = rng.shuffled(Lexicon.maleNames)
        var people: [Person] = []
        for (names, gender) in [(women, Gender.female), (men, Gender.male)] {
            for (i, name) in names.enumerated() {
                people.append(Person(
                    name: name, gender: gender,
                    profession: Lexicon.professions[(i / 2) % Lexicon.professions.count],
                    town: rng.pick(Lexicon.towns), pet: rng.pick(Lexicon.petAnimals)
                ))
            }
        }
        self.people = people.sorted { $0.name < $1.name }
        things = Lexicon.objects.map { type in
            Thing(type: type, material: rng.pick(type.materials), color: rng.pick(Lexicon.colors), room: rng.pick(Lexicon.rooms))
        }
        animals = Lexicon.animals
    }

    public func person(named name: String) -> Person? { people.first { $0.name == name } }
    public func thing(named name: String) -> Thing? { things.first { $0.name == name } }
    public func animal(named name: String) -> Animal? { animals.first { $0.name == name } }

    public func things(madeOf material: String) -> [Thing] { things.filter { $0.material == material } }

    public func rule(for material: String) -> MaterialRule {
        Lexicon.materialRules.first { $0.material == material }!
    }

    public func animalClass(of animal: Animal) -> AnimalClass { Lexicon.animalClasses[animal.animalClass] }

    /// Materials that at least one object of this world is made of, in lexicon order.
    public var materialsInUse: [String] {
        Lexicon.materialRules.map(\.material).filter { material in things.contains { $0.material == material } }
    }
}

/// Something with a name and a size rank, for comparisons across objects and animals.
public struct SizedEntity: Sendable, Hashable {
    public let name: String
    public let size: Int
}

extension World {
    public var sizedEntities: [SizedEntity] {
        things.map { SizedEntity(name: $0.name, size: $0.size) } + animals.map { SizedEntity(name: $0.name, size: $0.size) }
    }
}
