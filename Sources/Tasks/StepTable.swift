// Every step of every activity, with its word ids, for matching distractor endings to the correct
// ending on surface features quickly (the hellaswag-style generator compares each ending with
// about 140 candidates).

struct StepTable: Sendable {
    static let shared = StepTable()

    let steps: [String]
    /// Word ids of each step followed by the final period.
    let words: [[Int]]
    /// For each activity, the step ids of the other activities of its family, and of all others.
    let family: [[Int]]
    let others: [[Int]]
    let vocabularySize: Int
    private let stepOffsets: [Int]
    private let ids: [Substring: Int]

    init(tokenizer: Tokenizer = .standard) {
        let activities = Lexicon.activities
        var steps: [String] = [], offsets: [Int] = []
        for activity in activities {
            offsets.append(steps.count)
            steps += activity.steps
        }
        self.steps = steps
        stepOffsets = offsets
        vocabularySize = tokenizer.vocabularySize
        var ids: [Substring: Int] = [:]
        for (i, token) in tokenizer.tokens.enumerated() { ids[Substring(token)] = i }
        self.ids = ids
        words = steps.map { step in (step.split(separator: " ") + ["."]).map { ids[$0] ?? 0 } }
        family = activities.indices.map { i in
            activities.indices.filter { $0 != i && activities[$0].family == activities[i].family }
                .flatMap { offsets[$0] ..< offsets[$0] + activities[$0].steps.count }
        }
        others = activities.indices.map { i in
            activities.indices.filter { $0 != i }.flatMap { offsets[$0] ..< offsets[$0] + activities[$0].steps.count }
        }
    }

    func id(activity: Int, step: Int) -> Int { stepOffsets[activity] + step }
    func id(of word: Substring) -> Int? { ids[word] }

    /// Length in words and share of words (with the period) present in the context.
    func surface(_ step: Int, _ inContext: [Bool]) -> (length: Int, overlap: Double) {
        let w = words[step]
        var shared = 0
        for id in w where inContext[id] { shared += 1 }
        return (w.count - 1, Double(shared) / Double(w.count))
    }

    /// The `count` steps of `pool` closest to step `target` in surface features: the distance is
    /// the overlap difference plus a tenth of the length difference in words (one shared word of a
    /// six-word ending moves its overlap by about 0.14), ties broken at random.
    func closest(_ pool: [Int], _ count: Int, to target: Int, inContext: [Bool], rng: inout TaskRandom) -> [Int] {
        let goal = surface(target, inContext)
        var best: [(Double, UInt64, Int)] = []   // (distance, tie-break, step)
        for step in pool where step != target {
            let s = surface(step, inContext)
            let entry = (abs(s.overlap - goal.overlap) + 0.1 * Double(abs(s.length - goal.length)), rng.next(), step)
            if best.count < count || entry < best[best.count - 1] {
                if best.count == count { best.removeLast() }
                let at = best.firstIndex { entry < $0 } ?? best.count
                best.insert(entry, at: at)
            }
        }
        return best.map(\.2)
    }
}
