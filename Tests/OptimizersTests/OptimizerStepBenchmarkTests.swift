import Optimizers
import Testing

@Suite struct OptimizerStepBenchmarkTests {
    @Test(arguments: ["adam", "lora-plus", "scaled-adam", "shampoo", "lamb", "lora-rite", "sgd"])
    func measuresAPositiveAmortisedStepTime(optimizer: String) throws {
        let seconds = try OptimizerStepBenchmark.run(.init(optimizer: optimizer, m: 24, n: 20, r: 4, warmupSteps: 2, window: 3, windows: 3))
        #expect(seconds > 0 && seconds < 1)
    }

    @Test func unknownOptimizerIsAnError() {
        #expect(throws: OptimizerError.self) { try OptimizerStepBenchmark.run(.init(optimizer: "adamw", m: 8, n: 8, r: 2)) }
    }
}
