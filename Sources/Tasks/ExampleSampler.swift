// Split assignment by construction. A generator proposes candidate examples ("drafts") from a
// seeded stream; each draft carries a split key (by default its prompt, or a coarser knowledge
// item), and the key's stable hash decides the split the draft belongs to. Example `i` of a split
// is the first draft of stream `(task, split, i)` whose key falls in that split. Two examples with
// the same key can therefore never be in different splits: train, dev and test are disjoint by
// construction, whatever the generator draws.
import RiteCore

/// A candidate example before split assignment.
struct Draft {
    var prompt: String
    var choices: [String]
    var answerIndex: Int?
    var target: String
    /// Drafts with equal keys always land in the same split.
    var splitKey: String
    /// A draft about knowledge held out of training: its key sends it to dev or test (half each),
    /// never to train, so held-out items are never trained on, whatever the split sizes.
    var heldOutOfTrain = false

    /// A multiple-choice draft: the correct choice and the distractors, shuffled.
    static func multipleChoice(prompt: String, correct: String, distractors: [String], splitKey: String? = nil,
                               rng: inout TaskRandom) -> Draft {
        var choices = [correct] + distractors
        rng.shuffle(&choices)
        let index = choices.firstIndex(of: correct)!
        return Draft(prompt: prompt, choices: choices, answerIndex: index, target: correct,
                     splitKey: splitKey ?? prompt + " | " + correct)
    }
}

/// How finely a task's examples are partitioned into splits.
public enum SplitGranularity: String, Sendable, Hashable {
    /// By instance: the same input (for multiple choice, the same question with the same correct
    /// answer) never appears in two splits, but the knowledge item it asks about may, as in the
    /// original benchmarks (new questions, same domain).
    case instance
    /// By knowledge item (an activity step, a causal template, a person...): the items asked about
    /// in dev and test are never asked about in train, so scores measure transfer from pretraining.
    case item
}

enum ExampleSampler {
    /// Split fractions proportional to the split sizes.
    static func split(ofKey key: String, taskName: String, world: World, sizes: [Split: Int], heldOutOfTrain: Bool = false) -> Split {
        let train = Double(sizes[.train] ?? 0), dev = Double(sizes[.dev] ?? 0), test = Double(sizes[.test] ?? 0)
        let u = StableHash.unitInterval(key, salt: StableHash.combine(world.seed, StableHash.of(taskName)))
        if heldOutOfTrain, dev > 0, test > 0 { return u < 0.5 ? .dev : .test }
        let total = train + dev + test
        if u < train / total { return .train }
        if u < (train + dev) / total { return .dev }
        return .test
    }

    static func splitCode(_ split: Split) -> UInt64 {
        switch split {
        case .train: return 1
        case .dev: return 2
        case .test: return 3
        }
    }

    /// Example `index` of `split`: the first draft of its stream whose key lands in `split`.
    static func example(taskName: String, version: String, world: World, sizes: [Split: Int],
                        split: Split, index: Int, draft: (inout TaskRandom) -> Draft) -> TaskExample {
        precondition((sizes[split] ?? 0) > 0, "task \(taskName) has no \(split.rawValue) split")
        let stream = StableHash.combine(world.seed, StableHash.of(taskName), StableHash.of(version), splitCode(split), UInt64(index))
        // A split holding a fraction f of the key space needs 1/f attempts on average; the bound is
        // far beyond that and is only reached if a configuration leaves a split no keys at all.
        for attempt in 0 ..< 100_000 {
            var rng = TaskRandom(seed: StableHash.combine(stream, UInt64(attempt)))
            let candidate = draft(&rng)
            if self.split(ofKey: candidate.splitKey, taskName: taskName, world: world, sizes: sizes,
                          heldOutOfTrain: candidate.heldOutOfTrain) == split {
                return TaskExample(id: "\(taskName)/\(split.rawValue)/\(index)", prompt: candidate.prompt,
                                   choices: candidate.choices, answerIndex: candidate.answerIndex, target: candidate.target)
            }
        }
        preconditionFailure("task \(taskName): no candidate lands in the \(split.rawValue) split; the configuration leaves it no keys")
    }

    /// The version string: generator version, world version and, for a non-default configuration,
    /// a digest of its description.
    static func version(generator: Int, configuration: String, standard: String) -> String {
        let base = "g\(generator).w\(World.version).t\(Tokenizer.version)"
        guard configuration != standard else { return base }
        return base + ".c" + String(StableHash.of(configuration), radix: 16).prefix(8)
    }
}
