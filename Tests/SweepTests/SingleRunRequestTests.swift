import Optimizers
@testable import Sweep
import Testing
import Training

/// `rite-repro run`'s values resolve as a sweep resolves the same configuration.
@Suite struct SingleRunRequestTests {
    func request(_ overrides: [String], optimizer: String = "adam", clip: Double? = nil) -> SingleRunRequest {
        var training = TrainingSettings()
        training.steps = 30
        training.warmup = 5
        training.evalEvery = 10
        training.clipGradNorm = clip
        training.clipGradNormFollowsOptimizer = clip == nil
        return SingleRunRequest(preset: "tiny", task: "arc", optimizer: optimizer, overrides: overrides, rank: 4,
                                learningRate: 1e-3, seed: 1, training: training)
    }

    func context() -> RunKeyContext {
        var context = testContext()
        context.defaultClipGradNorm = { $0 == "adam" ? 1 : nil }
        return context
    }

    @Test func theKeyIsTheKeyOfTheSameRunInASweep() throws {
        let spec = try decodeSpec("""
            name: one
            preset: tiny
            tasks: [arc]
            optimizers: [{name: adam, hyperparameters: {beta2: 0.99}}]
            ranks: [4]
            learning_rates: [1e-3]
            seeds: [1]
            training: {steps: 30, warmup: 5, eval_every: 10}
            """)
        let grid = try SweepGrid(spec: spec, context: context()).phaseOne()
        try #require(grid.count == 1)
        let run = try request(["beta2=0.99"]).resolve(vocabulary: testVocabulary, context: context())
        #expect(run == grid[0].run)
        #expect(run.key == grid[0].key)
        #expect(run.training.clipGradNorm == 1, "the optimizer's clip, as in the grid")
    }

    @Test func overridesAreTypedAsSpecScalarsAre() throws {
        let run = try request(["beta1=0", "epsilon=1e-6", "weight_decay=true"])
            .resolve(vocabulary: SpecVocabulary(optimizers: ["adam"], tasks: ["arc"], presets: ["tiny"],
                                                resolveHyperparameters: { _, given in given }),
                     context: context())
        #expect(run.optimizer.hyperparameters == ["beta1": .number(0), "epsilon": .number(1e-6), "weight_decay": .flag(true)])
        let text = try request(["variant=paper", "beta2=\"0.9\""])
            .resolve(vocabulary: SpecVocabulary(optimizers: ["adam"], tasks: ["arc"], presets: ["tiny"],
                                                resolveHyperparameters: { _, given in given }),
                     context: context())
        #expect(text.optimizer.hyperparameters == ["variant": .text("paper"), "beta2": .text("0.9")], "quoted: a text, as in a spec")
    }

    @Test func aRejectedValueNamesItsKey() {
        #expect {
            try request(["beta2=1.5"]).resolve(vocabulary: testVocabulary, context: context())
        } throws: { error in
            "\(error)".hasPrefix("--optimizer/--set: hyperparameters.beta2: ") && "\(error)".contains("[0, 1)")
        }
        #expect {
            try request(["beta2"]).resolve(vocabulary: testVocabulary, context: context())
        } throws: { error in
            "\(error)" == "--optimizer/--set: expected key=value, found \"beta2\""
        }
        #expect {
            try request([], optimizer: "adamw").resolve(vocabulary: testVocabulary, context: context())
        } throws: { error in
            "\(error)".contains("unknown optimizer \"adamw\"")
        }
    }
}
