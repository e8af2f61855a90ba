// The fixed lexicon of the synthetic world: who and what exists, and the general rules. The world
// seed (see `World`) only assigns the arbitrary facts (a person's profession, an object's material,
// colour and room); the facts here are the same in every world. All text is lowercase, one word per
// token, with punctuation written as separate words (see `Tokenizer`).

/// Grammatical gender of a person, which decides the pronouns.
public enum Gender: Sendable, Hashable {
    case female, male

    public var subject: String { self == .female ? "she" : "he" }
    public var object: String { self == .female ? "her" : "him" }
    public var possessive: String { self == .female ? "her" : "his" }
}

/// A profession and what its people make.
public struct Profession: Sendable, Hashable {
    public let name: String        // "baker"
    public let plural: String      // "bakers"
    public let verb: String        // "bakes" (third person singular)
    public let verbBase: String    // "bake"
    public let gerund: String      // "baking"
    public let product: String     // "bread"
}

/// A general rule: things made of a material have a property.
public struct MaterialRule: Sendable, Hashable {
    public let material: String    // "metal"
    public let property: String    // "conduct heat" (plural verb form)
    public let property3: String   // "conducts heat" (third person singular)
}

/// A class of animals and the trait all its members have.
public struct AnimalClass: Sendable, Hashable {
    public let name: String        // "bird"
    public let plural: String      // "birds"
    public let trait: String       // "feathers"
}

public enum Lexicon {
    public static let femaleNames = [
        "ana", "bea", "cleo", "dina", "ella", "fay", "gina", "hana", "ida", "june", "kim", "lea",
        "mia", "nora", "olga", "pia", "rita", "sara", "tina", "uma", "vera", "wren", "yara", "zoe",
    ]
    public static let maleNames = [
        "abe", "ben", "cal", "dan", "eli", "finn", "gus", "hal", "ivan", "jack", "ken", "leo",
        "max", "ned", "otto", "paul", "ray", "sam", "tom", "uri", "vic", "walt", "yuri", "zack",
    ]

    public static let professions: [Profession] = [
        Profession(name: "baker", plural: "bakers", verb: "bakes", verbBase: "bake", gerund: "baking", product: "bread"),
        Profession(name: "farmer", plural: "farmers", verb: "grows", verbBase: "grow", gerund: "growing", product: "corn"),
        Profession(name: "fisher", plural: "fishers", verb: "catches", verbBase: "catch", gerund: "catching", product: "fish"),
        Profession(name: "potter", plural: "potters", verb: "makes", verbBase: "make", gerund: "making", product: "pots"),
        Profession(name: "tailor", plural: "tailors", verb: "sews", verbBase: "sew", gerund: "sewing", product: "coats"),
        Profession(name: "smith", plural: "smiths", verb: "forges", verbBase: "forge", gerund: "forging", product: "nails"),
        Profession(name: "miller", plural: "millers", verb: "grinds", verbBase: "grind", gerund: "grinding", product: "flour"),
        Profession(name: "weaver", plural: "weavers", verb: "weaves", verbBase: "weave", gerund: "weaving", product: "rugs"),
        Profession(name: "carpenter", plural: "carpenters", verb: "builds", verbBase: "build", gerund: "building", product: "chairs"),
        Profession(name: "beekeeper", plural: "beekeepers", verb: "collects", verbBase: "collect", gerund: "collecting", product: "honey"),
        Profession(name: "gardener", plural: "gardeners", verb: "grows", verbBase: "grow", gerund: "growing", product: "roses"),
        Profession(name: "cook", plural: "cooks", verb: "cooks", verbBase: "cook", gerund: "cooking", product: "soup"),
    ]

    public static let towns = ["oakton", "riverby", "stonehill", "elmwood", "fairport", "greenvale", "highmoor", "lakeside"]
    public static let colors = ["red", "blue", "green", "yellow", "white", "black", "brown", "gray", "orange", "purple"]
    public static let rooms = ["kitchen", "garden", "shed", "attic", "hall", "bedroom", "cellar", "study"]

    /// Size classes, smallest first; the rank of a size is its index.
    public static let sizes = ["tiny", "small", "medium", "large", "huge"]

    public static let materialRules: [MaterialRule] = [
        MaterialRule(material: "metal", property: "conduct heat", property3: "conducts heat"),
        MaterialRule(material: "wood", property: "float on water", property3: "floats on water"),
        MaterialRule(material: "glass", property: "break easily", property3: "breaks easily"),
        MaterialRule(material: "paper", property: "burn easily", property3: "burns easily"),
        MaterialRule(material: "rubber", property: "bounce", property3: "bounces"),
        MaterialRule(material: "stone", property: "sink in water", property3: "sinks in water"),
        MaterialRule(material: "wax", property: "melt in the sun", property3: "melts in the sun"),
        MaterialRule(material: "cloth", property: "tear easily", property3: "tears easily"),
        MaterialRule(material: "clay", property: "crack when dry", property3: "cracks when dry"),
        MaterialRule(material: "wool", property: "keep you warm", property3: "keeps you warm"),
    ]

    public static let animalClasses: [AnimalClass] = [
        AnimalClass(name: "bird", plural: "birds", trait: "feathers"),
        AnimalClass(name: "fish", plural: "fish", trait: "gills"),
        AnimalClass(name: "mammal", plural: "mammals", trait: "fur"),
        AnimalClass(name: "insect", plural: "insects", trait: "antennae"),
        AnimalClass(name: "reptile", plural: "reptiles", trait: "scales"),
    ]

    public static let habitats = ["forest", "pond", "field", "mountain", "jungle", "sea", "river", "desert", "farm"]
    public static let diets = ["plants", "seeds", "insects", "fish", "meat"]

    /// Countable things for arithmetic problems: (singular, plural).
    public static let countables: [(String, String)] = [
        ("apple", "apples"), ("pear", "pears"), ("egg", "eggs"), ("coin", "coins"), ("stamp", "stamps"),
        ("shell", "shells"), ("bead", "beads"), ("button", "buttons"), ("cookie", "cookies"), ("marble", "marbles"),
        ("card", "cards"), ("pencil", "pencils"), ("plum", "plums"), ("nut", "nuts"), ("rock", "rocks"), ("flower", "flowers"),
    ]
}
