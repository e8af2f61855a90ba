// Objects and animals of the synthetic world, with their fixed facts.

/// An object type: its name, kind, size rank (index into `Lexicon.sizes`) and the materials it may
/// be made of (the world seed picks one).
public struct ObjectType: Sendable, Hashable {
    public let name: String
    public let kind: String
    public let size: Int
    public let materials: [String]
}

/// An animal: its class (index into `Lexicon.animalClasses`), habitat, diet and size rank.
public struct Animal: Sendable, Hashable {
    public let name: String
    public let animalClass: Int
    public let habitat: String
    public let diet: String
    public let size: Int
}

extension Lexicon {
    public static let objectKinds = ["container", "tool", "furniture", "toy", "garment", "ornament"]

    public static let objects: [ObjectType] = [
        ObjectType(name: "cup", kind: "container", size: 1, materials: ["metal", "glass", "clay", "paper", "wood"]),
        ObjectType(name: "bowl", kind: "container", size: 1, materials: ["metal", "glass", "clay", "wood", "stone"]),
        ObjectType(name: "plate", kind: "container", size: 1, materials: ["metal", "glass", "clay", "wood", "paper"]),
        ObjectType(name: "jar", kind: "container", size: 1, materials: ["glass", "clay", "metal"]),
        ObjectType(name: "vase", kind: "ornament", size: 2, materials: ["glass", "clay", "stone", "metal"]),
        ObjectType(name: "bucket", kind: "container", size: 2, materials: ["metal", "wood", "rubber"]),
        ObjectType(name: "pot", kind: "container", size: 2, materials: ["metal", "clay", "stone"]),
        ObjectType(name: "kettle", kind: "container", size: 1, materials: ["metal", "glass", "clay"]),
        ObjectType(name: "box", kind: "container", size: 2, materials: ["wood", "paper", "metal", "cloth"]),
        ObjectType(name: "basket", kind: "container", size: 2, materials: ["wood", "cloth", "paper", "wool"]),
        ObjectType(name: "bag", kind: "container", size: 1, materials: ["cloth", "paper", "rubber", "wool"]),
        ObjectType(name: "spoon", kind: "tool", size: 1, materials: ["metal", "wood", "clay"]),
        ObjectType(name: "fork", kind: "tool", size: 1, materials: ["metal", "wood"]),
        ObjectType(name: "knife", kind: "tool", size: 1, materials: ["metal", "stone", "glass"]),
        ObjectType(name: "hammer", kind: "tool", size: 1, materials: ["metal", "wood", "stone", "rubber"]),
        ObjectType(name: "shovel", kind: "tool", size: 2, materials: ["metal", "wood"]),
        ObjectType(name: "ladder", kind: "tool", size: 3, materials: ["metal", "wood"]),
        ObjectType(name: "rope", kind: "tool", size: 2, materials: ["cloth", "wool", "rubber"]),
        ObjectType(name: "comb", kind: "tool", size: 0, materials: ["wood", "metal", "rubber", "stone"]),
        ObjectType(name: "brush", kind: "tool", size: 1, materials: ["wood", "metal", "rubber"]),
        ObjectType(name: "chair", kind: "furniture", size: 2, materials: ["wood", "metal", "stone"]),
        ObjectType(name: "table", kind: "furniture", size: 3, materials: ["wood", "metal", "stone", "glass"]),
        ObjectType(name: "stool", kind: "furniture", size: 2, materials: ["wood", "metal", "stone"]),
        ObjectType(name: "bench", kind: "furniture", size: 3, materials: ["wood", "stone", "metal"]),
        ObjectType(name: "shelf", kind: "furniture", size: 3, materials: ["wood", "metal", "glass"]),
        ObjectType(name: "bed", kind: "furniture", size: 3, materials: ["wood", "metal"]),
        ObjectType(name: "ball", kind: "toy", size: 1, materials: ["rubber", "wool", "cloth", "paper", "wood"]),
        ObjectType(name: "doll", kind: "toy", size: 1, materials: ["cloth", "wood", "wax", "clay", "wool"]),
        ObjectType(name: "kite", kind: "toy", size: 2, materials: ["paper", "cloth"]),
        ObjectType(name: "sled", kind: "toy", size: 3, materials: ["wood", "metal"]),
        ObjectType(name: "drum", kind: "toy", size: 2, materials: ["wood", "metal", "clay"]),
        ObjectType(name: "bell", kind: "ornament", size: 1, materials: ["metal", "glass", "clay"]),
        ObjectType(name: "whistle", kind: "toy", size: 0, materials: ["metal", "wood", "clay"]),
        ObjectType(name: "flute", kind: "toy", size: 1, materials: ["wood", "metal", "glass"]),
        ObjectType(name: "hat", kind: "garment", size: 1, materials: ["wool", "cloth", "paper", "rubber"]),
        ObjectType(name: "coat", kind: "garment", size: 2, materials: ["wool", "cloth", "rubber"]),
        ObjectType(name: "scarf", kind: "garment", size: 1, materials: ["wool", "cloth"]),
        ObjectType(name: "glove", kind: "garment", size: 1, materials: ["wool", "cloth", "rubber"]),
        ObjectType(name: "sock", kind: "garment", size: 0, materials: ["wool", "cloth"]),
        ObjectType(name: "boot", kind: "garment", size: 1, materials: ["rubber", "cloth", "wool"]),
        ObjectType(name: "coin", kind: "ornament", size: 0, materials: ["metal", "wood", "clay", "stone"]),
        ObjectType(name: "ring", kind: "ornament", size: 0, materials: ["metal", "glass", "stone", "wood"]),
        ObjectType(name: "bead", kind: "ornament", size: 0, materials: ["glass", "wood", "clay", "stone", "wax"]),
        ObjectType(name: "button", kind: "ornament", size: 0, materials: ["metal", "wood", "glass", "clay"]),
        ObjectType(name: "key", kind: "tool", size: 0, materials: ["metal", "wood"]),
        ObjectType(name: "candle", kind: "ornament", size: 1, materials: ["wax"]),
        ObjectType(name: "crayon", kind: "tool", size: 0, materials: ["wax"]),
        ObjectType(name: "mask", kind: "ornament", size: 1, materials: ["paper", "wood", "clay", "wax", "cloth"]),
        ObjectType(name: "statue", kind: "ornament", size: 3, materials: ["stone", "wax", "clay", "metal", "wood"]),
        ObjectType(name: "brick", kind: "tool", size: 1, materials: ["clay", "stone"]),
        ObjectType(name: "tile", kind: "ornament", size: 0, materials: ["clay", "stone", "glass"]),
        ObjectType(name: "map", kind: "tool", size: 1, materials: ["paper", "cloth"]),
        ObjectType(name: "book", kind: "tool", size: 1, materials: ["paper"]),
        ObjectType(name: "sign", kind: "ornament", size: 2, materials: ["wood", "metal", "paper"]),
        ObjectType(name: "lamp", kind: "furniture", size: 2, materials: ["metal", "glass", "clay", "paper"]),
        ObjectType(name: "mirror", kind: "furniture", size: 2, materials: ["glass", "metal"]),
        ObjectType(name: "frame", kind: "ornament", size: 1, materials: ["wood", "metal", "paper"]),
        ObjectType(name: "clock", kind: "furniture", size: 2, materials: ["wood", "metal", "glass"]),
        ObjectType(name: "rug", kind: "furniture", size: 3, materials: ["wool", "cloth"]),
        ObjectType(name: "mat", kind: "furniture", size: 2, materials: ["rubber", "wool", "cloth"]),
        ObjectType(name: "pillow", kind: "furniture", size: 2, materials: ["cloth", "wool"]),
        ObjectType(name: "blanket", kind: "garment", size: 2, materials: ["wool", "cloth"]),
        ObjectType(name: "tube", kind: "tool", size: 1, materials: ["rubber", "glass", "metal", "paper"]),
        ObjectType(name: "pipe", kind: "tool", size: 2, materials: ["metal", "clay", "rubber"]),
        ObjectType(name: "boat", kind: "toy", size: 4, materials: ["wood", "metal", "rubber"]),
        ObjectType(name: "cart", kind: "tool", size: 4, materials: ["wood", "metal"]),
    ]

    // Classes: 0 bird, 1 fish, 2 mammal, 3 insect, 4 reptile.
    public static let animals: [Animal] = [
        Animal(name: "robin", animalClass: 0, habitat: "forest", diet: "insects", size: 0),
        Animal(name: "owl", animalClass: 0, habitat: "forest", diet: "meat", size: 1),
        Animal(name: "duck", animalClass: 0, habitat: "pond", diet: "plants", size: 1),
        Animal(name: "crow", animalClass: 0, habitat: "field", diet: "seeds", size: 1),
        Animal(name: "eagle", animalClass: 0, habitat: "mountain", diet: "meat", size: 2),
        Animal(name: "parrot", animalClass: 0, habitat: "jungle", diet: "seeds", size: 1),
        Animal(name: "swan", animalClass: 0, habitat: "pond", diet: "plants", size: 2),
        Animal(name: "hen", animalClass: 0, habitat: "farm", diet: "seeds", size: 1),
        Animal(name: "penguin", animalClass: 0, habitat: "sea", diet: "fish", size: 2),
        Animal(name: "trout", animalClass: 1, habitat: "river", diet: "insects", size: 1),
        Animal(name: "salmon", animalClass: 1, habitat: "river", diet: "insects", size: 2),
        Animal(name: "shark", animalClass: 1, habitat: "sea", diet: "fish", size: 4),
        Animal(name: "carp", animalClass: 1, habitat: "pond", diet: "plants", size: 1),
        Animal(name: "cod", animalClass: 1, habitat: "sea", diet: "fish", size: 2),
        Animal(name: "eel", animalClass: 1, habitat: "river", diet: "fish", size: 1),
        Animal(name: "fox", animalClass: 2, habitat: "forest", diet: "meat", size: 2),
        Animal(name: "wolf", animalClass: 2, habitat: "forest", diet: "meat", size: 2),
        Animal(name: "bear", animalClass: 2, habitat: "mountain", diet: "fish", size: 3),
        Animal(name: "rabbit", animalClass: 2, habitat: "field", diet: "plants", size: 1),
        Animal(name: "mouse", animalClass: 2, habitat: "field", diet: "seeds", size: 0),
        Animal(name: "deer", animalClass: 2, habitat: "forest", diet: "plants", size: 3),
        Animal(name: "horse", animalClass: 2, habitat: "farm", diet: "plants", size: 3),
        Animal(name: "cow", animalClass: 2, habitat: "farm", diet: "plants", size: 3),
        Animal(name: "goat", animalClass: 2, habitat: "mountain", diet: "plants", size: 2),
        Animal(name: "sheep", animalClass: 2, habitat: "farm", diet: "plants", size: 2),
        Animal(name: "camel", animalClass: 2, habitat: "desert", diet: "plants", size: 3),
        Animal(name: "bat", animalClass: 2, habitat: "mountain", diet: "insects", size: 0),
        Animal(name: "lion", animalClass: 2, habitat: "field", diet: "meat", size: 3),
        Animal(name: "tiger", animalClass: 2, habitat: "jungle", diet: "meat", size: 3),
        Animal(name: "monkey", animalClass: 2, habitat: "jungle", diet: "plants", size: 2),
        Animal(name: "elephant", animalClass: 2, habitat: "jungle", diet: "plants", size: 4),
        Animal(name: "pig", animalClass: 2, habitat: "farm", diet: "plants", size: 2),
        Animal(name: "otter", animalClass: 2, habitat: "river", diet: "fish", size: 1),
        Animal(name: "seal", animalClass: 2, habitat: "sea", diet: "fish", size: 2),
        Animal(name: "dog", animalClass: 2, habitat: "farm", diet: "meat", size: 2),
        Animal(name: "cat", animalClass: 2, habitat: "farm", diet: "meat", size: 1),
        Animal(name: "ant", animalClass: 3, habitat: "field", diet: "seeds", size: 0),
        Animal(name: "bee", animalClass: 3, habitat: "field", diet: "plants", size: 0),
        Animal(name: "beetle", animalClass: 3, habitat: "forest", diet: "plants", size: 0),
        Animal(name: "moth", animalClass: 3, habitat: "forest", diet: "plants", size: 0),
        Animal(name: "butterfly", animalClass: 3, habitat: "field", diet: "plants", size: 0),
        Animal(name: "cricket", animalClass: 3, habitat: "field", diet: "plants", size: 0),
        Animal(name: "snake", animalClass: 4, habitat: "desert", diet: "meat", size: 1),
        Animal(name: "lizard", animalClass: 4, habitat: "desert", diet: "insects", size: 0),
        Animal(name: "turtle", animalClass: 4, habitat: "pond", diet: "plants", size: 1),
        Animal(name: "crocodile", animalClass: 4, habitat: "river", diet: "meat", size: 3),
    ]

    /// Animals people keep as pets (names from `animals`).
    public static let petAnimals = ["dog", "cat", "rabbit", "mouse", "hen", "parrot", "goat", "turtle", "horse", "lizard", "duck", "pig"]
}
