import ArgumentParser
import RiteCore
import Tasks

/// `rite-repro tasks`: the bundled benchmark-style tasks.
struct TasksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List the bundled benchmark-style tasks, or show their examples.",
        subcommands: [List.self, Show.self, Corpus.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every task with its format, metrics, split sizes, distinct items per split, evaluation split and version."
        )

        func run() {
            let header = ["task", "format", "metrics", "train", "dev", "test", "distinct train/dev/test", "eval", "version"]
            let tasks = TaskCatalog.all
            let summaries = tasks.map { $0.splitSummary() }
            let rows = zip(tasks, summaries).map { task, summary in
                let distinct = [Split.train, .dev, .test].map { summary.distinct[$0].map(String.init) ?? "-" }.joined(separator: "/")
                return [task.name, task.format.rawValue, task.metrics.map(\.rawValue).joined(separator: ","),
                        String(task.size(.train)), String(task.size(.dev)), String(task.size(.test)), distinct,
                        task.evaluationSplit.rawValue, task.version]
            }
            let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
            let numeric: Set<Int> = [3, 4, 5, 6]
            func line(_ cells: [String]) -> String {
                cells.enumerated().map { column, cell in
                    let padding = String(repeating: " ", count: widths[column] - cell.count)
                    return numeric.contains(column) ? padding + cell : cell + padding
                }.joined(separator: "  ").trimmingTrailingSpaces()
            }
            print(line(header))
            print(line(widths.map { String(repeating: "-", count: $0) }))
            for row in rows { print(line(row)) }
            print("")
            print("distinct: the different questions a split asks, each with its answer (neither the choices nor their order")
            print("count, nor the order of an open book's rules); dev and test should ask \(SplitSummary.minimumDistinct) or more each, or all of a smaller task")
            for (task, summary) in zip(tasks, summaries) {
                for split in summary.shortSplits {
                    print("  \(task.name) \(split.rawValue): \(summary.distinct[split] ?? 0) distinct, fewer than \(summary.requiredDistinct)")
                }
            }
            let tokenizer = Tokenizer.standard
            print("")
            print("tokenizer v\(tokenizer.version): \(tokenizer.vocabularySize) tokens; context length \(TaskCatalog.contextLength) tokens")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print examples exactly as the model sees them: prompt, choices, answer or target, token counts."
        )

        @Argument(help: "The task's name (see `rite-repro tasks`).")
        var task: String

        @Option(help: "Which split to show (train, dev or test).")
        var split: Split = .dev

        @Option(name: [.customShort("n"), .long], help: "How many examples to show.")
        var count: Int = 3

        @Option(help: "The index of the first example to show.")
        var start: Int = 0

        func validate() throws {
            guard count >= 0 else { throw ValidationError("-n must be at least 0 (got \(count))") }
            guard start >= 0 else { throw ValidationError("--start must be at least 0 (got \(start))") }
            let names = TaskCatalog.names
            guard names.contains(task) else {
                throw ValidationError("unknown task \"\(task)\"; known tasks: \(names.joined(separator: ", "))")
            }
        }

        func run() throws {
            let task = try TaskCatalog.task(named: task)
            let size = task.size(split)
            guard size > 0 else { throw ValidationError("task \(task.name) has no \(split.rawValue) split") }
            let end = min(start + count, size)
            let tokenizer = Tokenizer.standard
            print("\(task.name) \(task.version), \(split.rawValue) split, examples \(start)..<\(end) of \(size)")
            if let instruction = task.instruction { print("instruction: \(instruction)") }
            for example in try task.examples(split, start ..< max(start, end)) {
                let promptTokens = try tokenizer.encode(example.prompt).count
                let targetTokens = try tokenizer.encode(example.target).count
                print("")
                print("[\(example.id)]")
                print("prompt (\(promptTokens) tokens): \(example.prompt)")
                for (i, choice) in example.choices.enumerated() {
                    let mark = i == example.answerIndex ? "*" : " "
                    print("  \(mark) \(i): \(choice) (\(try tokenizer.encode(choice).count) tokens)")
                }
                print("target (\(targetTokens) tokens + <eos>): \(example.target)")
                let longest = try example.choices.map { try tokenizer.encode($0).count }.max() ?? 0
                print("sequence: \(1 + promptTokens + max(targetTokens, longest) + 1) of \(TaskCatalog.contextLength) tokens")
            }
        }
    }

    struct Corpus: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the first documents of the pretraining corpus, and the digest of its first tokens."
        )

        @Option(name: [.customShort("n"), .long], help: "How many documents to print.")
        var count: Int = 5

        @Option(help: "How many tokens of the stream to generate and digest.")
        var tokens: Int = PretrainingCorpus.defaultTokenCount

        @Option(help: "Also list every vocabulary entry that occurs fewer than this many times in the stream.")
        var rarerThan: Int?

        func validate() throws {
            guard count >= 0 else { throw ValidationError("-n must be at least 0 (got \(count))") }
            guard tokens >= 1 else { throw ValidationError("--tokens must be at least 1 (got \(tokens))") }
        }

        func run() throws {
            let corpus = PretrainingCorpus.standard
            print("pretraining corpus \(corpus.version)")
            for index in 0 ..< count { print("[\(index)] \(corpus.document(index))") }
            let stream = try corpus.tokens(count: tokens)
            var hasher = SHA256()
            stream.withUnsafeBufferPointer { hasher.update(contentsOf: $0) }
            let used = Set(stream).count
            print("\(stream.count) tokens, \(used) of \(corpus.tokenizer.vocabularySize) vocabulary entries used, sha256 \(SHA256.hexString(hasher.finalize()))")
            if let rarerThan {
                let counts = corpus.tokenCounts(of: stream)
                let rare = counts.indices.filter { counts[$0] < rarerThan && !Tokenizer.specialTokens.contains(corpus.tokenizer.tokens[$0]) }
                print("\(rare.count) entries occur fewer than \(rarerThan) times:")
                for id in rare { print("  \(corpus.tokenizer.tokens[id]) \(counts[id])") }
            }
        }
    }
}

extension Split: ExpressibleByArgument {}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
