import RiteCore
@testable import Tasks
import Testing

@Suite struct EvaluatorTests {
    let evaluator = Evaluator()
    let tokenizer = Tokenizer.standard

    @Test(arguments: TaskCatalog.names)
    func oracleScoresPerfectly(name: String) throws {
        let task = try TaskCatalog.task(named: name)
        let examples = try task.examples(task.evaluationSplit, 0 ..< 200)
        let result = try evaluator.evaluate(task: task, split: task.evaluationSplit, model: try OracleModel(examples: examples), cap: 200)
        #expect(result.count == 200)
        for metric in task.metrics { #expect(result.scores[metric] == 1, "\(name) \(metric)") }
    }

    @Test(arguments: TaskCatalog.names)
    func uniformModelScoresAtChance(name: String) throws {
        let task = try TaskCatalog.task(named: name)
        let result = try evaluator.evaluate(task: task, split: task.evaluationSplit, model: UniformModel(), cap: 2000)
        switch task.format {
        case .multipleChoice:
            // Ties go to the first choice, which is right a quarter of the time; 2000 examples give a
            // standard deviation of about 0.01.
            #expect(abs(result.scores[.accuracy]! - 0.25) < 0.05, "\(name): \(result.scores)")
        case .classification, .generation:
            #expect(result.scores[.exactMatch] == 0 && (result.scores[.rougeL] ?? 0) == 0, "\(name): \(result.scores)")
        }
    }

    /// Surface cues do not give the answer away: scorers that see only the length of a choice, or
    /// only its word overlap with the prompt, stay near chance (0.25) on every multiple-choice task.
    @Test(arguments: ["hellaswag-style", "arc-style", "openbookqa-style"])
    func lengthAndOverlapBaselinesStayNearChance(name: String) throws {
        let task = try TaskCatalog.task(named: name)
        for model in [LengthModel(sign: 1), LengthModel(sign: -1)] as [any ScoringModel] + [OverlapModel(sign: 1), OverlapModel(sign: -1)] {
            let result = try evaluator.evaluate(task: task, split: task.evaluationSplit, model: model, cap: 2000)
            for metric in [Metric.accuracy, .accuracyNormalized] {
                #expect(abs(result.scores[metric]! - 0.25) < 0.05, "\(name) \(model) \(metric): \(result.scores[metric]!)")
            }
        }
    }

    @Test func accuracyAndNormalisedAccuracyByHand() throws {
        // Choices "cup" (bytes of " cup": 4) and "elephant" (9). Log-likelihoods -4 and -6:
        // accuracy picks "cup" (-4 > -6); acc_norm compares -1.0 with -0.667 and picks "elephant".
        let example = TaskExample(id: "hand/dev/0", prompt: "question : which is larger ? answer :", choices: ["cup", "elephant", "ant", "owl"],
                                  answerIndex: 1, target: "elephant")
        let task = FixedTask(examples: [example], format: .multipleChoice, metrics: [.accuracy, .accuracyNormalized])
        let result = try evaluator.evaluate(task: task, split: .dev, model: FixedModel(values: [-4, -6, -20, -20], output: []))
        #expect(result.predictions[0].chosenIndex == 0 && result.predictions[0].chosenIndexNormalized == 1)
        #expect(result.scores[.accuracy] == 0 && result.scores[.accuracyNormalized] == 1)
    }

    @Test func tiesGoToTheFirstChoiceAndNonFiniteValuesNeverWin() {
        #expect(Evaluator.argmax([-1, -1, -2]) == 0)
        #expect(Evaluator.argmax([.nan, -3, -2]) == 2)
        #expect(Evaluator.argmax([.infinity, -3]) == 1)
        #expect(Evaluator.argmax([.nan, .nan]) == 0)
    }

    @Test func generationIsDecodedAndScored() throws {
        let example = TaskExample(id: "hand/dev/0", prompt: "definition : write a short title for the story . input : ana is making tea . output :",
                                  choices: [], answerIndex: nil, target: "making tea with ana")
        let task = FixedTask(examples: [example], format: .generation, metrics: [.rougeL, .exactMatch])
        let output = try tokenizer.encode("ana is making tea") + [tokenizer.eos] + (try tokenizer.encode("later"))
        let result = try evaluator.evaluate(task: task, split: .dev, model: FixedModel(values: [], output: output))
        #expect(result.predictions[0].generated == "ana is making tea")
        #expect(abs(result.scores[.rougeL]! - 0.5) < 1e-12)   // LCS "make tea": P = R = 1/2
        #expect(result.scores[.exactMatch] == 0)
    }

    @Test func gsm8kScoresTheFinalNumber() throws {
        let task = GSM8KStyleTask()
        let example = task.example(.test, 0)
        let answer = try #require(Scoring.finalNumber(in: example.target))
        let right = try tokenizer.encode("1 + 1 = 2 . #### \(answer)")
        let wrong = try tokenizer.encode("#### \(Int(answer)! + 1)")
        #expect(task.scoreGeneration(tokenizer.decode(right), against: example)[.exactMatch] == 1)
        #expect(task.scoreGeneration(tokenizer.decode(wrong), against: example)[.exactMatch] == 0)
    }

    @Test func modelReturningTooFewResultsIsAnError() throws {
        let task = ARCStyleTask()
        #expect(throws: EvaluationError.modelReturned(expected: 8, got: 3)) {
            try evaluator.evaluate(task: task, split: .dev, model: FixedModel(values: [0, 0, 0], output: []), cap: 2)
        }
    }

    // MARK: training sequences

    @Test func trainingSequencesTakeLossOnlyOnTheAnswer() throws {
        let encoder = TrainingExampleEncoder()
        let example = TaskExample(id: "x", prompt: "question : what does the owl have ? answer :", choices: [], answerIndex: nil, target: "feathers")
        let encoded = try encoder.encode(example)
        let prompt = try tokenizer.encode(example.prompt), target = try tokenizer.encode(example.target)
        #expect(encoded.inputs == [tokenizer.bos] + prompt + target)
        #expect(encoded.targets == [Int32](repeating: -1, count: prompt.count) + target + [tokenizer.eos])
        let batch = try encoder.batch([example, TaskExample(id: "y", prompt: "question : answer :", choices: [], answerIndex: nil, target: "fur")])
        #expect(batch.rows == 2 && batch.length == encoded.inputs.count)
        #expect(Array(batch.inputs[batch.length ..< batch.length + 6]) == [tokenizer.bos] + (try tokenizer.encode("question : answer : fur")))
        #expect(batch.inputs.last == tokenizer.pad && batch.targets.last == -1)
        #expect(Array(batch.targets[batch.length ..< batch.length + 6]) == [-1, -1, -1, -1, try tokenizer.encode("fur")[0], tokenizer.eos])
    }
}

/// A task over fixed examples, for hand-computed checks.
struct FixedTask: BenchmarkTask {
    let examples: [TaskExample]
    let format: TaskFormat
    let metrics: [Metric]
    var name: String { "hand" }
    var version: String { "0" }
    var instruction: String? { nil }
    var splitSizes: [Split: Int] { [.dev: examples.count] }
    var evaluationSplit: Split { .dev }
    var maxGenerationTokens: Int { 16 }
    func example(_ split: Split, _ index: Int) -> TaskExample { examples[index] }
}
