import RiteCore
@testable import Tasks
import Testing

@Suite struct TaskGenerationTests {
    static let tasks = TaskCatalog.all
    let tokenizer = Tokenizer.standard

    @Test func catalogHasEveryTaskOnce() throws {
        #expect(TaskCatalog.names == [
            "hellaswag-style", "arc-style", "gsm8k-style", "openbookqa-style",
            "sni-cause-effect", "sni-coreference", "sni-title", "sni-data-to-text", "sni-global",
        ])
        #expect(try TaskCatalog.task(named: "arc-style").name == "arc-style")
        #expect(throws: TaskError.unknownTask("arc", known: TaskCatalog.names)) { try TaskCatalog.task(named: "arc") }
    }

    @Test func splitSizesFollowThePaper() throws {
        let sizes = Dictionary(uniqueKeysWithValues: Self.tasks.map { ($0.name, $0.splitSizes) })
        #expect(sizes["hellaswag-style"] == [.train: 39905, .dev: 10042, .test: 10003])
        #expect(sizes["arc-style"] == [.train: 1119, .dev: 299, .test: 1172])
        #expect(sizes["gsm8k-style"] == [.train: 6973, .dev: 500, .test: 1319])   // 7473 original train = 6973 + 500
        #expect(sizes["openbookqa-style"] == [.train: 4957, .dev: 500, .test: 500])
        for name in ["sni-cause-effect", "sni-coreference", "sni-title", "sni-data-to-text"] {
            #expect(sizes[name] == [.train: 4000, .dev: 500, .test: 500])
        }
        let global = try #require(sizes["sni-global"])
        #expect(global[.dev]! * 10 == global[.train]! + global[.dev]! + global[.test]!)   // 10% held out for dev
        #expect(global[.test]! == global[.dev]!)                                          // and as much for test
        let evaluation = Dictionary(uniqueKeysWithValues: Self.tasks.map { ($0.name, $0.evaluationSplit) })
        #expect(evaluation["hellaswag-style"] == .dev && evaluation["arc-style"] == .test)
        #expect(evaluation["gsm8k-style"] == .test && evaluation["openbookqa-style"] == .dev)
        #expect(evaluation["sni-global"] == .test)
    }

    @Test func globalMixtureHasTwentyOrMoreTypesWithInstructions() throws {
        let global = SNITask.global()
        #expect(global.typeNames.count >= 20)
        #expect(Set(global.typeNames).count == global.typeNames.count)
        #expect(Set(SNITaskType.all.map(\.instruction)).count == SNITaskType.all.count)
        #expect(SNITaskType.all.contains { $0.isClassification } && SNITaskType.all.contains { !$0.isClassification })
        for task in Self.tasks where task.name.hasPrefix("sni-") && task.name != "sni-global" {
            #expect(task.instruction != nil)
            #expect(try task.examples(.dev, 0 ..< 1)[0].prompt.hasPrefix("definition : \(task.instruction!) input :"))
        }
    }

    @Test func examplesArePureFunctionsOfTheirIndex() {
        for task in Self.tasks {
            for split in Split.allCases where task.size(split) > 0 {
                #expect(task.example(split, 7) == task.example(split, 7))
                #expect(task.example(split, 7).id == "\(task.name)/\(split.rawValue)/7")
            }
        }
    }

    @Test func outOfRangeIndexIsAnError() {
        let arc = ARCStyleTask()
        #expect(throws: TaskError.indexOutOfRange(task: "arc-style", split: .dev, index: 299, size: 299)) { try arc.examples(.dev, 298 ..< 300) }
    }

    /// Every example of every split: in vocabulary, well formed, and within the context length.
    @Test(arguments: TaskCatalog.names)
    func everyExampleFitsAndIsWellFormed(name: String) throws {
        let task = try TaskCatalog.task(named: name)
        var longest = 0
        for split in Split.allCases {
            for index in 0 ..< task.size(split) {
                let example = task.example(split, index)
                let prompt = try tokenizer.encode(example.prompt).count
                let target = try tokenizer.encode(example.target).count
                var longestAnswer = target
                for choice in example.choices { longestAnswer = max(longestAnswer, try tokenizer.encode(choice).count) }
                longest = max(longest, 1 + prompt + longestAnswer + 1)
                if task.format != .multipleChoice {
                    #expect(target + 1 <= task.maxGenerationTokens, "\(example.id): target of \(target) tokens")
                }
                switch task.format {
                case .multipleChoice:
                    #expect(example.choices.count == 4 && Set(example.choices).count == 4, "\(example.id)")
                    #expect(example.answerIndex.map { example.choices[$0] } == example.target, "\(example.id)")
                case .classification:
                    #expect(example.answerIndex.map { example.choices[$0] } == example.target, "\(example.id)")
                case .generation:
                    #expect(!example.target.isEmpty, "\(example.id)")
                }
                // Generated text is already canonical: decoding its tokens gives it back.
                #expect(tokenizer.decode(try tokenizer.encode(example.prompt)) == example.prompt, "\(example.id)")
            }
        }
        #expect(longest <= TaskCatalog.contextLength, "\(name): longest sequence \(longest)")
    }

    /// No prompt (with its answer) of dev or test occurs in train, on a large sample.
    @Test(arguments: TaskCatalog.names)
    func splitsAreDisjoint(name: String) throws {
        let task = try TaskCatalog.task(named: name)
        func keys(_ split: Split, _ count: Int) -> Set<String> {
            Set((0 ..< min(count, task.size(split))).map { let e = task.example(split, $0); return e.prompt + " | " + e.target })
        }
        let train = keys(.train, 4000), dev = keys(.dev, 1000), test = keys(.test, 1000)
        #expect(train.isDisjoint(with: dev))
        #expect(train.isDisjoint(with: test))
        #expect(dev.isDisjoint(with: test))
    }

    @Test func itemGranularityHoldsOutKnowledgeItems() {
        var configuration = HellaSwagStyleTask.Configuration()
        configuration.granularity = .item
        configuration.routines = nil
        configuration.showActivityLabel = true
        let task = HellaSwagStyleTask(configuration: configuration)
        #expect(task.version != HellaSwagStyleTask().version)
        func items(_ split: Split) -> Set<String> {
            Set((0 ..< 600).map { i -> String in
                let e = task.example(split, i)
                return "\(e.prompt.split(separator: ":")[0])|\(e.target)"
            })
        }
        #expect(items(.train).isDisjoint(with: items(.dev)))
        #expect(items(.train).isDisjoint(with: items(.test)))
    }

    @Test func answerPositionsAreBalanced() {
        for task in Self.tasks where task.format == .multipleChoice {
            var counts = [0, 0, 0, 0]
            for i in 0 ..< 2000 { counts[task.example(.train, i).answerIndex!] += 1 }
            // Binomial(2000, 1/4): standard deviation 19.4; 5 sigma is about 100.
            #expect(counts.allSatisfy { abs($0 - 500) < 100 }, "\(task.name): \(counts)")
        }
    }

    @Test func classificationLabelsAreBalanced() {
        for task in [SNITask.causeEffect(), SNITask.coreference()] {
            var first = 0
            for i in 0 ..< 2000 where task.example(.train, i).answerIndex == 0 { first += 1 }
            // Binomial(2000, 1/2): standard deviation 22.4.
            #expect(abs(first - 1000) < 112, "\(task.name): \(first) of 2000 answers are the first label")
        }
    }

    /// Each routine is six distinct steps, and every hellaswag-style answer is the step that follows
    /// the context's last step in some routine that contains it.
    @Test func hellaswagAnswersFollowTheirRoutine() {
        let task = HellaSwagStyleTask()
        let table = StepTable.shared
        #expect(task.routineSteps.count == 150)
        #expect(task.routineSteps.allSatisfy { Set($0).count == 6 })
        var next: [String: Set<String>] = [:]
        for routine in task.routineSteps {
            for i in 0 ..< 5 { next[table.steps[routine[i]], default: []].insert(table.steps[routine[i + 1]]) }
        }
        for i in 0 ..< 300 {
            let e = task.example(.dev, i)
            let sentences = e.prompt.split(separator: ".").map { $0.split(separator: " ").dropFirst().joined(separator: " ") }
            let last = sentences[sentences.count - 2]
            #expect(next[last]?.contains(String(e.target.dropLast(2))) == true, "\(e.prompt) -> \(e.target)")
        }
    }

    /// Causal pairs held out of train never appear in train, and make up a large part of dev and test.
    @Test func heldOutCausalPairsNeverReachTrain() {
        let world = World.standard, configuration = SNIConfiguration()
        var heldOut: Set<String> = [], kept: Set<String> = []
        var rng = TaskRandom(seed: 5)
        for _ in 0 ..< 20000 {
            let instance = SNITaskType.causeEffect.instance(world, configuration, &rng)
            if instance.heldOutOfTrain { heldOut.insert(instance.input) } else { kept.insert(instance.input) }
        }
        #expect(!heldOut.isEmpty && !kept.isEmpty)
        let task = SNITask.causeEffect()
        func inputs(_ split: Split, _ count: Int) -> [String] {
            (0 ..< count).map { i in
                let prompt = task.example(split, i).prompt
                let start = prompt.range(of: " input : ")!.upperBound, end = prompt.range(of: " output :")!.lowerBound
                return String(prompt[start ..< end])
            }
        }
        #expect(inputs(.train, 2000).allSatisfy { !heldOut.contains($0) })
        for split in [Split.dev, .test] {
            let share = Double(inputs(split, 400).filter { heldOut.contains($0) }.count) / 400
            #expect(share > 0.5 && share < 0.95, "\(split): \(share) of the examples ask about held-out pairs")
        }
    }
}
