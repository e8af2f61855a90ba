// Scripted activities: each is a fixed sequence of six steps (verb phrases in the third person
// singular), grouped into families whose members share objects and words, so that distractor
// endings can be drawn from similar scripts.

/// An activity with ordered steps.
public struct Activity: Sendable, Hashable {
    public let name: String       // gerund phrase: "making tea"
    public let family: String     // "kitchen"
    public let steps: [String]    // "fills the kettle with water", ...
}

extension Lexicon {
    public static let activities: [Activity] = [
        Activity(name: "making tea", family: "kitchen", steps: [
            "fills the kettle with water", "puts the kettle on the stove", "waits for the water to boil",
            "puts some tea leaves in a cup", "pours the hot water into the cup", "drinks the tea while it is warm",
        ]),
        Activity(name: "making soup", family: "kitchen", steps: [
            "washes the carrots in the sink", "cuts the carrots into small pieces", "puts the pieces in a pot",
            "adds water and salt to the pot", "boils the soup for an hour", "serves the soup in bowls",
        ]),
        Activity(name: "baking bread", family: "kitchen", steps: [
            "mixes flour and water in a bowl", "kneads the dough on the table", "lets the dough rise for an hour",
            "shapes the dough into a loaf", "bakes the loaf in the oven", "cuts the bread into slices",
        ]),
        Activity(name: "frying eggs", family: "kitchen", steps: [
            "puts a pan on the stove", "adds a little oil to the pan", "cracks two eggs into the pan",
            "waits until the eggs are firm", "slides the eggs onto a plate", "eats the eggs with bread",
        ]),
        Activity(name: "planting a tree", family: "garden", steps: [
            "digs a deep hole in the ground", "places the young tree in the hole", "fills the hole with soil",
            "presses the soil down with a boot", "waters the tree with a bucket", "ties the tree to a stick",
        ]),
        Activity(name: "growing beans", family: "garden", steps: [
            "rakes the soil in the garden", "pushes the bean seeds into the soil", "waters the seeds every morning",
            "puts sticks next to the young plants", "pulls the weeds around the beans", "picks the beans in summer",
        ]),
        Activity(name: "picking apples", family: "garden", steps: [
            "carries the ladder to the tree", "climbs up the ladder slowly", "picks the ripe apples from the branches",
            "drops the apples into a basket", "climbs down the ladder again", "carries the basket into the house",
        ]),
        Activity(name: "cutting the grass", family: "garden", steps: [
            "pushes the mower out of the shed", "checks the mower for fuel", "starts the mower with a pull",
            "walks the mower across the grass", "rakes the cut grass into a pile", "puts the mower back in the shed",
        ]),
        Activity(name: "washing the dishes", family: "home", steps: [
            "fills the sink with warm water", "adds some soap to the water", "scrubs each plate with a brush",
            "rinses the plates in clean water", "dries the plates with a towel", "puts the plates on the shelf",
        ]),
        Activity(name: "doing the laundry", family: "home", steps: [
            "sorts the clothes into two piles", "puts the clothes in the washer", "adds soap and starts the washer",
            "takes the wet clothes out", "hangs the clothes on a line", "folds the dry clothes neatly",
        ]),
        Activity(name: "sweeping the floor", family: "home", steps: [
            "moves the chairs out of the way", "takes the broom from the hall", "sweeps the dust into a pile",
            "pushes the pile onto a dustpan", "empties the dustpan into the bin", "puts the chairs back in place",
        ]),
        Activity(name: "making the bed", family: "home", steps: [
            "takes the pillows off the bed", "pulls the sheet tight over the bed", "spreads the blanket over the sheet",
            "tucks the blanket under the bed", "shakes the pillows into shape", "puts the pillows back on the bed",
        ]),
        Activity(name: "painting a fence", family: "craft", steps: [
            "scrapes the old paint off the fence", "washes the fence with soapy water", "waits for the fence to dry",
            "opens a can of white paint", "paints the fence with a wide brush", "cleans the brush in a bucket",
        ]),
        Activity(name: "making a pot", family: "craft", steps: [
            "presses the clay into a ball", "puts the clay on the spinning wheel", "shapes the clay with wet hands",
            "cuts the pot off the wheel", "lets the pot dry in the sun", "bakes the pot in a hot kiln",
        ]),
        Activity(name: "sewing a button", family: "craft", steps: [
            "threads a needle with strong thread", "ties a knot in the thread", "holds the button on the coat",
            "pushes the needle through the holes", "pulls the thread tight many times", "cuts the thread with scissors",
        ]),
        Activity(name: "building a birdhouse", family: "craft", steps: [
            "measures the boards with a ruler", "saws the boards to the right size", "nails the boards into a box",
            "drills a round hole in the front", "paints the birdhouse bright red", "hangs the birdhouse on a branch",
        ]),
        Activity(name: "going fishing", family: "outdoors", steps: [
            "packs a rod and some bait", "walks down to the river", "puts a worm on the hook",
            "casts the line into the water", "waits quietly for a bite", "pulls a fish out of the water",
        ]),
        Activity(name: "flying a kite", family: "outdoors", steps: [
            "takes the kite to the open field", "unrolls some of the string", "runs into the wind with the kite",
            "lets the kite rise into the sky", "holds the string with both hands", "winds the string back slowly",
        ]),
        Activity(name: "setting up a tent", family: "outdoors", steps: [
            "finds a flat spot near the trees", "spreads the tent on the ground", "pushes the poles through the tent",
            "raises the tent with the poles", "hammers the pegs into the ground", "puts the sleeping bags inside",
        ]),
        Activity(name: "riding a bike", family: "outdoors", steps: [
            "pumps air into the tires", "puts a helmet on the head", "sits on the seat of the bike",
            "pushes off with one foot", "pedals down the long road", "brakes at the end of the road",
        ]),
        Activity(name: "milking the cow", family: "farm", steps: [
            "leads the cow into the barn", "ties the cow to a post", "washes the udder with warm water",
            "sits on a stool by the cow", "squeezes the milk into a pail", "carries the pail to the house",
        ]),
        Activity(name: "feeding the hens", family: "farm", steps: [
            "fills a bucket with grain", "walks out to the hen house", "opens the gate of the yard",
            "scatters the grain on the ground", "fills the water dish for the hens", "collects the eggs from the nests",
        ]),
        Activity(name: "writing a letter", family: "home", steps: [
            "takes out a sheet of paper", "writes the date at the top", "writes a few kind words",
            "folds the letter in half", "puts the letter in an envelope", "posts the letter at the office",
        ]),
        Activity(name: "shearing a sheep", family: "farm", steps: [
            "catches the sheep in the yard", "holds the sheep still on its back", "clips the wool with big shears",
            "rolls the wool into a bundle", "lets the sheep run back home", "puts the wool in a sack",
        ]),
    ]

    public static var activityFamilies: [String] {
        var seen: [String] = []
        for activity in activities where !seen.contains(activity.family) { seen.append(activity.family) }
        return seen
    }
}
