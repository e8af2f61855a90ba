@testable import Tasks
import Testing

@Suite struct WorldTests {
    let world = World.standard

    @Test func namesAreUniqueAcrossPeopleObjectsAndAnimals() {
        let names = world.people.map(\.name) + world.things.map(\.name) + world.animals.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(world.people.count == 48 && world.things.count == Lexicon.objects.count)
    }

    @Test func everyProfessionHasTwoWomenAndTwoMen() {
        for profession in Lexicon.professions {
            let members = world.people.filter { $0.profession == profession }
            #expect(members.filter { $0.gender == .female }.count == 2 && members.filter { $0.gender == .male }.count == 2, "\(profession.name)")
        }
    }

    @Test func everyMaterialIsUsedAndEveryObjectFollowsItsType() {
        #expect(world.materialsInUse.count == Lexicon.materialRules.count)
        for material in world.materialsInUse { #expect(world.things(madeOf: material).count >= 2, "\(material)") }
        for thing in world.things { #expect(thing.type.materials.contains(thing.material)) }
        for person in world.people { #expect(Lexicon.petAnimals.contains(person.pet) && world.animal(named: person.pet) != nil) }
    }

    @Test func activitiesHaveSixDistinctStepsOfFiveToSevenWords() {
        let steps = Lexicon.activities.flatMap(\.steps)
        #expect(Set(steps).count == steps.count)
        for activity in Lexicon.activities { #expect(activity.steps.count == 6, "\(activity.name)") }
        for step in steps { #expect((5 ... 7).contains(step.split(separator: " ").count), "\(step)") }
    }

    @Test func theSeedDecidesTheArbitraryFacts() {
        let other = World(seed: 7)
        #expect(other.people.map(\.profession) != world.people.map(\.profession))
        #expect(World(seed: World.standardSeed).things == world.things)
        #expect(other.animals == world.animals)   // fixed facts do not depend on the seed
    }

    @Test func randomHelpersAreDeterministicAndUniform() {
        var a = TaskRandom(seed: 42), b = TaskRandom(seed: 42)
        #expect((0 ..< 10).map { _ in a.next() } == (0 ..< 10).map { _ in b.next() })
        var rng = TaskRandom(seed: 1)
        var counts = [Int](repeating: 0, count: 6)
        for _ in 0 ..< 60000 { counts[rng.below(6)] += 1 }
        // Binomial(60000, 1/6): standard deviation 91; 5 sigma is 456.
        #expect(counts.allSatisfy { abs($0 - 10000) < 456 }, "\(counts)")
        let sample = rng.sample(Array(0 ..< 10), 10)
        #expect(sample.sorted() == Array(0 ..< 10))
        #expect(StableHash.of("kettle") == StableHash.of("kettle") && StableHash.of("kettle") != StableHash.of("kettles"))
    }
}
