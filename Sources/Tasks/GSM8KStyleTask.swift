// gsm8k-style: multi-step arithmetic word problems answered by greedy generation (after GSM8K,
// Cobbe et al., 2021). The target works the problem one operation per equation and ends, as
// GSM8K's solutions do, with "#### N"; the score is exact match of that final number. Numbers are
// written in digits, one token per digit.
import RiteCore

public struct GSM8KStyleTask: DraftedTask {
    public struct Configuration: TaskConfiguration {
        /// Number of operations after the starting amount (a final sharing step counts as one).
        /// Generator version 2 asks for one or two (version 1, two or three: a LoRA fine-tune of
        /// the tiny base model reached 0.03 exact match).
        public var operations: ClosedRange<Int> = 1 ... 2
        public var startRange: ClosedRange<Int> = 2 ... 12
        public var operandRange: ClosedRange<Int> = 1 ... 9
        /// No amount, intermediate or final, exceeds this. Generator version 2 keeps amounts to 20
        /// and starts at 12 at most (version 1: 99 and 20; the tiny model's sums of two-digit
        /// numbers were mostly wrong).
        public var maxValue = 20
        /// "buys 3 bags with 4 apples in each bag" (a multiplication, then an addition).
        public var allowGroups = true
        /// A final "shares them equally among 4 friends" (a division).
        public var allowSharing = true
        /// Whether the target shows the equations before "#### N", as GSM8K's solutions do.
        public var showWork = true
        public var granularity: SplitGranularity = .instance

        public init() {}
        public var description: String {
            "ops=\(operations.lowerBound)-\(operations.upperBound) start=\(startRange.lowerBound)-\(startRange.upperBound) operand=\(operandRange.lowerBound)-\(operandRange.upperBound) max=\(maxValue) groups=\(allowGroups) sharing=\(allowSharing) work=\(showWork) split=\(granularity.rawValue)"
        }
    }

    public static let generatorVersion = 2
    public let name = "gsm8k-style"
    public let format = TaskFormat.generation
    public let metrics: [Metric] = [.exactMatch]
    public let instruction: String? = nil
    /// GSM8K has no dev split; 500 problems of its 7473 training problems are carved out as dev.
    public let splitSizes: [Split: Int] = [.train: 6973, .dev: 500, .test: 1319]
    public let evaluationSplit = Split.test
    public let maxGenerationTokens = 72
    public let configuration: Configuration
    public let world: World

    public init(configuration: Configuration = Configuration(), world: World = .standard) {
        precondition(configuration.operations.lowerBound >= 1 && configuration.operations.upperBound <= 4, "operations must lie in 1...4")
        precondition(configuration.startRange.upperBound <= configuration.maxValue && configuration.startRange.lowerBound >= 1,
                     "startRange must lie in 1...maxValue")
        precondition(configuration.operandRange.lowerBound >= 1 && configuration.maxValue <= 999, "operands start at 1; maxValue at most 999")
        self.configuration = configuration
        self.world = world
    }

    static let addTemplates = ["{pron} buys {n} more {items} .", "{pron} finds {n} more {items} .", "{other} gives {obj} {n} more {items} ."]
    static let subtractTemplates = ["{pron} gives {n} {items} to {other} .", "{pron} loses {n} {items} .", "{pron} sells {n} {items} at the market ."]
    static let groupTemplate = "{pron} buys {b} bags with {c} {items} in each bag ."
    static let startTemplate = "{name} has {n} {items} ."
    static let askTemplate = "how many {items} does {name} have now ?"
    static let shareTemplate = "{pron} shares the {items} equally among {n} friends . how many {items} does each friend get ?"
    static let vocabularyTexts = addTemplates + subtractTemplates + [groupTemplate, startTemplate, askTemplate, shareTemplate, "+ - * / = . ####"]

    func draft(_ rng: inout TaskRandom) -> Draft {
        let c = configuration
        let person = rng.pick(world.people)
        var other = rng.pick(world.people)
        while other.name == person.name { other = rng.pick(world.people) }
        let items = rng.pick(Lexicon.countables).1
        var slots = ["name": person.name, "pron": person.gender.subject, "obj": person.gender.object, "other": other.name, "items": items]
        var value = rng.int(in: c.startRange)
        slots["n"] = String(value)
        var sentences = [Text.fill(Self.startTemplate, slots)]
        var work: [String] = []
        let operationCount = rng.int(in: c.operations)
        var answer = value
        var shared = false
        for step in 0 ..< operationCount {
            if step == operationCount - 1, c.allowSharing, rng.chance(0.25) {
                let divisors = (2 ... 5).filter { value % $0 == 0 && value / $0 >= 1 }
                if let d = divisors.isEmpty ? nil : rng.pick(divisors) {
                    slots["n"] = String(d)
                    sentences.append(Text.fill(Self.shareTemplate, slots))
                    work.append("\(value) / \(d) = \(value / d)")
                    answer = value / d
                    shared = true
                    break
                }
            }
            var done = false
            while !done {
                let kind = rng.below(c.allowGroups ? 5 : 4)  // 0-1 add, 2-3 subtract, 4 groups
                if kind <= 1 {
                    let n = rng.int(in: c.operandRange)
                    guard value + n <= c.maxValue else { continue }
                    slots["n"] = String(n)
                    sentences.append(Text.fill(rng.pick(Self.addTemplates), slots))
                    work.append("\(value) + \(n) = \(value + n)")
                    value += n
                } else if kind <= 3 {
                    let n = rng.int(in: c.operandRange)
                    guard n < value else { continue }
                    slots["n"] = String(n)
                    sentences.append(Text.fill(rng.pick(Self.subtractTemplates), slots))
                    work.append("\(value) - \(n) = \(value - n)")
                    value -= n
                } else {
                    let b = rng.int(in: 2 ... 4), each = rng.int(in: max(2, c.operandRange.lowerBound) ... max(2, c.operandRange.upperBound))
                    guard value + b * each <= c.maxValue else { continue }
                    slots["b"] = String(b)
                    slots["c"] = String(each)
                    sentences.append(Text.fill(Self.groupTemplate, slots))
                    work.append("\(b) * \(each) = \(b * each)")
                    work.append("\(value) + \(b * each) = \(value + b * each)")
                    value += b * each
                }
                done = true
            }
            answer = value
        }
        if !shared { sentences.append(Text.fill(Self.askTemplate, slots)) }
        let prompt = PromptFormat.question(sentences.joined(separator: " "))
        let target = c.showWork ? work.joined(separator: " . ") + " . #### \(answer)" : "#### \(answer)"
        let key = c.granularity == .item ? work.joined(separator: ";") : prompt
        return Draft(prompt: prompt, choices: [], answerIndex: nil, target: target, splitKey: key)
    }
}
