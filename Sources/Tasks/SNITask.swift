// The Super-Natural-Instructions-style tasks: one task type each for the four single tasks of the
// paper's Table 1, and `sni-global`, the mixture of every type, scored on its held-out validation
// split by exact match and ROUGE-L as the paper's "Global" column. The paper holds out 10% of each
// task for validation and reports on it; here a further 10% is held out as `test` (80/10/10), so
// that the learning rate is selected on dev and the tables report test, never a number tuned on
// itself (generator version 2; version 1 had no test split). A task's generator version is the
// highest of its types' (`SNITaskType.generatorVersion`), so that a change to one type changes the
// version of exactly the tasks that draw from it.
import RiteCore

public struct SNITask: BenchmarkTask {
    /// Instances per single task (the original tasks have a few thousand each).
    public static let singleTaskSize = 5000
    /// Instances per type in the global mixture.
    public static let globalInstancesPerType = 1000

    public let name: String
    public let format: TaskFormat
    public let metrics: [Metric]
    public let splitSizes: [Split: Int]
    public let evaluationSplit = Split.test
    public let maxGenerationTokens: Int
    public let configuration: SNIConfiguration
    public let world: World
    let types: [SNITaskType]

    /// A single-type task.
    init(name: String, type: SNITaskType, maxGenerationTokens: Int, configuration: SNIConfiguration, world: World) {
        self.name = name
        types = [type]
        format = type.isClassification ? .classification : .generation
        metrics = type.isClassification ? [.exactMatch, .rougeL] : [.rougeL, .exactMatch]
        splitSizes = Self.sizes(total: Self.singleTaskSize)
        self.maxGenerationTokens = maxGenerationTokens
        self.configuration = configuration
        self.world = world
    }

    /// The global mixture of every type.
    init(globalWith configuration: SNIConfiguration, world: World) {
        name = "sni-global"
        types = SNITaskType.all
        format = .generation
        metrics = [.exactMatch, .rougeL]
        splitSizes = Self.sizes(total: Self.globalInstancesPerType * SNITaskType.all.count)
        maxGenerationTokens = 40
        self.configuration = configuration
        self.world = world
    }

    public static func causeEffect(_ c: SNIConfiguration = SNIConfiguration(), world: World = .standard) -> SNITask {
        SNITask(name: "sni-cause-effect", type: .causeEffect, maxGenerationTokens: 8, configuration: c, world: world)
    }
    public static func coreference(_ c: SNIConfiguration = SNIConfiguration(), world: World = .standard) -> SNITask {
        SNITask(name: "sni-coreference", type: .coreference, maxGenerationTokens: 8, configuration: c, world: world)
    }
    public static func title(_ c: SNIConfiguration = SNIConfiguration(), world: World = .standard) -> SNITask {
        SNITask(name: "sni-title", type: .title, maxGenerationTokens: 16, configuration: c, world: world)
    }
    public static func dataToText(_ c: SNIConfiguration = SNIConfiguration(), world: World = .standard) -> SNITask {
        SNITask(name: "sni-data-to-text", type: .dataToText, maxGenerationTokens: 40, configuration: c, world: world)
    }
    public static func global(_ c: SNIConfiguration = SNIConfiguration(), world: World = .standard) -> SNITask {
        SNITask(globalWith: c, world: world)
    }

    /// 80% train, 10% validation (dev), 10% test.
    static func sizes(total: Int) -> [Split: Int] { [.train: total - 2 * (total / 10), .dev: total / 10, .test: total / 10] }

    /// The instruction of a single task; nil for the global mixture, whose instruction is per example.
    public var instruction: String? { types.count == 1 ? types[0].instruction : nil }

    /// The names of the task types this task draws from.
    public var typeNames: [String] { types.map(\.name) }

    /// The highest generator version of the task's types.
    public var generatorVersion: Int { types.map(\.generatorVersion).max() ?? 0 }

    public var version: String {
        ExampleSampler.version(generator: generatorVersion, configuration: configuration.description,
                               standard: SNIConfiguration().description)
    }

    /// The type of example `index` (the global mixture cycles through its types).
    public func typeName(of index: Int) -> String { types[index % types.count].name }

    public func example(_ split: Split, _ index: Int) -> TaskExample {
        let type = types[index % types.count]
        // Each type is assigned to splits by its own keys, so every type keeps the 80/10/10 proportion.
        let drawn = ExampleSampler.example(taskName: types.count == 1 ? name : "\(name)/\(type.name)", version: version,
                                           world: world, sizes: splitSizes, split: split, index: index) { rng in
            let instance = type.instance(world, configuration, &rng)
            let prompt = PromptFormat.instruction(type.instruction, input: instance.input)
            let key = configuration.granularity == .item ? instance.itemKey : (instance.instanceKey ?? instance.input)
            return Draft(prompt: prompt, choices: instance.labels, answerIndex: instance.labels.firstIndex(of: instance.output),
                         target: instance.output, splitKey: key, heldOutOfTrain: instance.heldOutOfTrain)
        }
        return TaskExample(id: "\(name)/\(split.rawValue)/\(index)", prompt: drawn.prompt, choices: drawn.choices,
                           answerIndex: drawn.answerIndex, target: drawn.target)
    }
}
