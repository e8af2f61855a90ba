import Foundation
import Store
@testable import Sweep
import Testing

@Suite struct TimeEstimateTests {
    func done(_ task: String, optimizer: String = "adam", rank: Int = 16, wall: Double?, steps: Int = 100) -> StoredRun {
        StoredRun(key: UUID().uuidString, experiment: "e", configJSON: "", preset: "tiny", task: task, optimizer: optimizer,
                  rank: rank, learningRate: 1e-3, seed: 0, steps: steps, status: .done, lastStep: steps, createdAt: Date(),
                  wallSeconds: wall)
    }

    @Test func theSameTaskDecidesBeforeTheOptimizer() {
        // arc runs take 0.1 s per step with any optimizer; an sni run of another optimizer takes 0.5 s.
        let estimate = TimeEstimate(measured: [done("arc", wall: 10), done("arc", optimizer: "shampoo", wall: 12),
                                               done("sni", optimizer: "lamb", wall: 50), done("arc", wall: nil)])
        let sni = RunShape(preset: "tiny", task: "sni", optimizer: "adam", rank: 16)
        #expect(estimate.secondsPerStep(like: sni) == 0.5)
        // Exact match first: adam on arc is 0.1 s per step, not the median with shampoo's 0.12.
        #expect(estimate.secondsPerStep(like: RunShape(preset: "tiny", task: "arc", optimizer: "adam", rank: 16)) == 0.1)
        // A task with no done run: the same optimizer and rank on other tasks (adam: arc only).
        #expect(estimate.secondsPerStep(like: RunShape(preset: "tiny", task: "gsm", optimizer: "adam", rank: 16)) == 0.1)
        // Another optimizer on a new task: the median of the preset (0.1, 0.12, 0.5).
        #expect(estimate.secondsPerStep(like: RunShape(preset: "tiny", task: "gsm", optimizer: "sgd", rank: 4)) == 0.12)
        #expect(estimate.secondsPerStep(like: RunShape(preset: "small", task: "arc", optimizer: "adam", rank: 16)) == nil)
        // 200 sni steps at 0.5 s and 100 arc steps at 0.1 s over two jobs: (100 + 10) / 2.
        #expect(estimate.secondsLeft(for: [(sni, 200), (RunShape(preset: "tiny", task: "arc", optimizer: "adam", rank: 16), 100)], jobs: 2) == 55)
        #expect(estimate.secondsLeft(for: [(sni, 200)], jobs: 2) == 100, "one run left uses one job")
    }
}
