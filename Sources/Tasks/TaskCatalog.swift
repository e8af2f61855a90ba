// Every bundled task, by name, with the default configuration.

public enum TaskCatalog {
    /// Every example of every task fits in this many tokens: `<bos>`, the prompt, the longest
    /// choice or target, and `<eos>` (a test checks every example of every split).
    public static let contextLength = 128

    /// Built once: arc-style enumerates its question bank when it is made, and planning a sweep
    /// looks tasks up for every run.
    public static let all: [any BenchmarkTask] = [
        HellaSwagStyleTask(), ARCStyleTask(), GSM8KStyleTask(), OpenBookQAStyleTask(),
        SNITask.causeEffect(), SNITask.coreference(), SNITask.title(), SNITask.dataToText(), SNITask.global(),
    ]

    public static var names: [String] { all.map(\.name) }

    public static func task(named name: String) throws -> any BenchmarkTask {
        guard let task = all.first(where: { $0.name == name }) else { throw TaskError.unknownTask(name, known: names) }
        return task
    }
}
