import Foundation
@testable import Model
import Testing
@testable import Training

/// Base-model pretraining (`Pretrainer`): it learns, it is deterministic, it decays what it should,
/// its schedule, and it refuses token streams it cannot train on.
@Suite struct PretrainerTests {
    @Test func pretrainingOverfitsATinyCorpus() throws {
        // A fixed 24-token phrase repeated: after a few hundred AdamW steps the model predicts it.
        let config = ModelConfig(vocabularySize: 32, contextLength: 16, width: 32, layers: 2, heads: 2, mlpWidth: 64)
        let phrase = randomTokens(24, vocabulary: 32, seed: 11)
        let corpus = Array((0 ..< 30).map { _ in phrase }.joined())
        let model = Transformer(config: config, maxBatch: 8, seed: 4)
        let trainer = try Pretrainer(config: PretrainingConfig(steps: 300, batch: 8, learningRate: 1e-2, warmupSteps: 20, seed: 5))
        var reported = 0
        let losses = try trainer.run(model: model, tokens: corpus) { progress in
            reported += 1
            #expect(progress.step == reported)
        }
        #expect(reported == 300)
        let last = losses.suffix(10).reduce(0, +) / 10
        #expect(losses[0] > 3, "first loss \(losses[0])")
        #expect(last < 0.1, "mean of the last 10 losses \(last)")
    }

    @Test func pretrainingIsDeterministicGivenItsSeed() throws {
        let corpus = randomTokens(400, vocabulary: 23, seed: 12)
        func train(seed: UInt64) throws -> ([Float], [Float]) {
            let model = Transformer(config: oddConfig, maxBatch: 2, seed: 3)
            let trainer = try Pretrainer(config: PretrainingConfig(steps: 5, batch: 2, warmupSteps: 2, seed: seed))
            let losses = try trainer.run(model: model, tokens: corpus)
            return (losses, model.parameters)
        }
        let first = try train(seed: 1), again = try train(seed: 1), other = try train(seed: 2)
        #expect(first.0.map(\.bitPattern) == again.0.map(\.bitPattern))
        #expect(first.1.map(\.bitPattern) == again.1.map(\.bitPattern))
        #expect(first.1 != other.1, "a different seed must draw different windows")
    }

    /// One AdamW step from the same start: with `decayEmbeddings` off, the embedding tables move
    /// exactly as without weight decay, while the other matrices (and, with it on, the embeddings
    /// too) are pulled towards zero by `lr * wd * p`.
    @Test func embeddingsCanBeLeftOutOfWeightDecay() throws {
        let corpus = randomTokens(400, vocabulary: 23, seed: 13)
        func step(weightDecay: Double, decayEmbeddings: Bool) throws -> Transformer {
            let model = Transformer(config: oddConfig, maxBatch: 2, seed: 4)
            let config = PretrainingConfig(steps: 1, batch: 2, learningRate: 1e-2, warmupSteps: 1, weightDecay: weightDecay,
                                           decayEmbeddings: decayEmbeddings, seed: 7)
            try Pretrainer(config: config).run(model: model, tokens: corpus)
            return model
        }
        func tensor(_ model: Transformer, _ name: String) -> [Float] {
            let entry = model.layout.entries.first { $0.name == name }!
            return Array(model.parameters[entry.offset ..< entry.offset + entry.count])
        }
        let plain = try step(weightDecay: 0, decayEmbeddings: true)
        let sparing = try step(weightDecay: 0.5, decayEmbeddings: false)
        let decaying = try step(weightDecay: 0.5, decayEmbeddings: true)
        for name in ["wte", "wpe"] {
            #expect(tensor(sparing, name) == tensor(plain, name), "\(name)")
            #expect(tensor(decaying, name) != tensor(plain, name), "\(name)")
        }
        // A block matrix is decayed either way: p1 = p1(no decay) - lr * wd * p0 with lr = 1e-2 at step 1.
        let start = Transformer(config: oddConfig, maxBatch: 2, seed: 4)
        let name = "h.0.mlp.fc.weight"
        for (i, (decayed, undecayed)) in zip(tensor(sparing, name), tensor(plain, name)).enumerated() {
            let expected = undecayed - Float(1e-2 * 0.5) * tensor(start, name)[i]
            #expect(abs(decayed - expected) <= 1e-6 * max(1, abs(expected)), "\(name)[\(i)]")
        }
    }

    @Test func learningRateScheduleWarmsUpAndDecays() throws {
        let cosine = try Pretrainer(config: PretrainingConfig(steps: 110, learningRate: 1, warmupSteps: 10, minLearningRateRatio: 0.1, seed: 1))
        #expect(cosine.learningRate(at: 5) == 0.5)
        #expect(cosine.learningRate(at: 10) == 1)
        #expect(abs(cosine.learningRate(at: 60) - 0.55) < 1e-12)
        #expect(abs(cosine.learningRate(at: 110) - 0.1) < 1e-12)
        let linear = try Pretrainer(config: PretrainingConfig(steps: 110, learningRate: 1, warmupSteps: 10, schedule: .linear,
                                                              minLearningRateRatio: 0, seed: 1))
        #expect(abs(linear.learningRate(at: 35) - 0.75) < 1e-12)
        #expect(throws: ModelError.self) { try Pretrainer(config: PretrainingConfig(steps: 0, seed: 1)) }
    }

    @Test func pretrainingRejectsBadStreams() throws {
        let model = Transformer(config: oddConfig, maxBatch: 2, seed: 1)
        let trainer = try Pretrainer(config: PretrainingConfig(steps: 1, batch: 2, seed: 1))
        #expect(throws: ModelError.self) { try trainer.run(model: model, tokens: [1, 2, 3]) }
        #expect(throws: ModelError.self) { try trainer.run(model: model, tokens: Array(repeating: 99, count: 50)) }
        let tooWide = try Pretrainer(config: PretrainingConfig(steps: 1, batch: 3, seed: 1))
        #expect(throws: ModelError.self) { try tooWide.run(model: model, tokens: Array(repeating: 1, count: 50)) }
    }
}
