// Cause and effect in the synthetic world. A pair's clauses may mention a person (`{name}` and the
// matching subject pronoun `{pron}`) and an object of a given material (`{obj}`). About half the
// pairs have an action as the cause and a state as the effect, the other half the reverse, so that
// "sentences about doing things are causes" is not a shortcut.

/// A cause and its effect, as templates.
public struct CausalPair: Sendable, Hashable {
    public let cause: String
    public let effect: String
    /// The material of `{obj}`, when the pair mentions an object.
    public let material: String?
}

extension Lexicon {
    public static let causalPairs: [CausalPair] = [
        CausalPair(cause: "{name} dropped the {obj} on the floor", effect: "the {obj} broke into pieces", material: "glass"),
        CausalPair(cause: "{name} left the {obj} in the sun", effect: "the {obj} melted", material: "wax"),
        CausalPair(cause: "{name} threw the {obj} into the fire", effect: "the {obj} burned up", material: "paper"),
        CausalPair(cause: "{name} put the {obj} in the pond", effect: "the {obj} floated on the water", material: "wood"),
        CausalPair(cause: "{name} put the {obj} in the river", effect: "the {obj} sank to the bottom", material: "stone"),
        CausalPair(cause: "{name} threw the {obj} at the wall", effect: "the {obj} bounced back", material: "rubber"),
        CausalPair(cause: "{name} held the {obj} over the fire", effect: "the {obj} got very hot", material: "metal"),
        CausalPair(cause: "{name} left the {obj} out to dry", effect: "the {obj} cracked", material: "clay"),
        CausalPair(cause: "{name} caught the {obj} on a nail", effect: "the {obj} tore", material: "cloth"),
        CausalPair(cause: "{name} wrapped the {obj} around {poss} neck", effect: "{pron} felt warm", material: "wool"),
        CausalPair(cause: "{name} was hungry", effect: "{pron} ate some bread", material: nil),
        CausalPair(cause: "{name} was thirsty", effect: "{pron} drank a cup of water", material: nil),
        CausalPair(cause: "{name} was very tired", effect: "{pron} went to bed early", material: nil),
        CausalPair(cause: "the room was dark", effect: "{name} lit a candle", material: nil),
        CausalPair(cause: "the room was cold", effect: "{name} closed the window", material: nil),
        CausalPair(cause: "the floor was dirty", effect: "{name} swept the floor", material: nil),
        CausalPair(cause: "the plants looked dry", effect: "{name} watered the plants", material: nil),
        CausalPair(cause: "it started to rain", effect: "{name} opened an umbrella", material: nil),
        CausalPair(cause: "the baby was crying", effect: "{name} sang a soft song", material: nil),
        CausalPair(cause: "the dog was barking at the door", effect: "{name} let the dog out", material: nil),
        CausalPair(cause: "the bread was stale", effect: "{name} gave it to the ducks", material: nil),
        CausalPair(cause: "the kettle was whistling", effect: "{name} took it off the stove", material: nil),
        CausalPair(cause: "{name} ran all the way to the station", effect: "{pron} was out of breath", material: nil),
        CausalPair(cause: "{name} forgot to water the plants", effect: "the plants dried up", material: nil),
        CausalPair(cause: "{name} skipped lunch", effect: "{pron} was hungry by evening", material: nil),
        CausalPair(cause: "{name} left the gate open", effect: "the goat ran away", material: nil),
        CausalPair(cause: "{name} practiced the flute every day", effect: "{pron} played well at the fair", material: nil),
        CausalPair(cause: "{name} planted seeds in the spring", effect: "flowers grew in the summer", material: nil),
        CausalPair(cause: "{name} stayed up all night", effect: "{pron} was sleepy in the morning", material: nil),
        CausalPair(cause: "{name} fed the hens every day", effect: "the hens laid many eggs", material: nil),
        CausalPair(cause: "{name} lost the key", effect: "{pron} could not open the door", material: nil),
        CausalPair(cause: "{name} fell off the ladder", effect: "{pron} hurt {poss} knee", material: nil),
        CausalPair(cause: "it rained all night", effect: "the ground was wet", material: nil),
        CausalPair(cause: "the wind blew hard", effect: "the kite flew high", material: nil),
        CausalPair(cause: "the sun came out", effect: "the snow melted", material: nil),
        CausalPair(cause: "the river flooded", effect: "the road was closed", material: nil),
        CausalPair(cause: "a storm hit the town", effect: "many trees fell down", material: nil),
        CausalPair(cause: "the lamp ran out of oil", effect: "the room went dark", material: nil),
        CausalPair(cause: "the pond froze", effect: "the children skated on the ice", material: nil),
        CausalPair(cause: "the milk was left out all day", effect: "the milk went sour", material: nil),
        CausalPair(cause: "the music was loud", effect: "{name} covered {poss} ears", material: nil),
        CausalPair(cause: "the soup was too hot", effect: "{name} waited for it to cool", material: nil),
        CausalPair(cause: "the road was icy", effect: "{name} walked very slowly", material: nil),
        CausalPair(cause: "the shop was closed", effect: "{name} went home without bread", material: nil),
    ]
}
