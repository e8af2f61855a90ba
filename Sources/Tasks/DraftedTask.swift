// The shared shape of the benchmark-style tasks: a versioned generator with a configuration that
// proposes drafts, and split assignment by `ExampleSampler`. A conforming task writes only its
// draft; its version and its examples follow from here, the same way for every task.
import RiteCore

/// The configuration of a drafted task: its default is what the catalog uses, and its description
/// goes into the version when it differs from the default.
public protocol TaskConfiguration: Sendable, Hashable, CustomStringConvertible {
    init()
}

protocol DraftedTask: BenchmarkTask {
    associatedtype Configuration: TaskConfiguration
    /// Bump whenever the generator's output changes for the default configuration.
    static var generatorVersion: Int { get }
    var configuration: Configuration { get }
    var world: World { get }
    /// One candidate example, drawn from `rng`.
    func draft(_ rng: inout TaskRandom) -> Draft
}

extension DraftedTask {
    public var version: String {
        ExampleSampler.version(generator: Self.generatorVersion, configuration: configuration.description,
                               standard: Configuration().description)
    }

    public func example(_ split: Split, _ index: Int) -> TaskExample {
        ExampleSampler.example(taskName: name, version: version, world: world, sizes: splitSizes,
                               split: split, index: index, draft: draft)
    }
}
