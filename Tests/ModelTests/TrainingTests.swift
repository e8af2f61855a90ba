import Foundation
import LinearAlgebra
import Model
import Testing

@Suite struct TrainingTests {
    @Test func lossAtInitialisationIsAboutLogVocabulary() {
        let config = ModelPreset.tiny.config(vocabularySize: 512, contextLength: 32)
        let model = Transformer(config: config, maxBatch: 4, seed: 3)
        let tokens = randomTokens(4 * 32, vocabulary: 512, seed: 1), targets = randomTokens(4 * 32, vocabulary: 512, seed: 2)
        let value = loss(model, tokens, targets, batch: 4, length: 32)
        // GPT-2 initialisation gives logits of standard deviation ~0.16, so the loss exceeds
        // log V by about 0.16^2 / 2.
        #expect(abs(Double(value) - log(512.0)) < 0.05, "loss \(value), log V \(log(512.0))")
    }

    @Test func loraOverfitsAFixedBatchWithAdam() {
        // Frozen random base; only the adapters on q, k, v, o learn to continue a fixed phrase
        // (four windows of a repeated 12-token phrase). The base weights are perturbed to a
        // larger scale: with GPT-2's N(0, 0.02) tied embeddings and frozen LayerNorm gains the
        // logits cannot spread beyond about +-0.6, which no adapter can change.
        let config = ModelConfig(vocabularySize: 32, contextLength: 16, width: 32, layers: 2, heads: 2, mlpWidth: 64)
        let model = perturbedModel(config, maxBatch: 4, seed: 6, scale: 0.2)
        model.attachLoRA(LoRAConfig(rank: 8, alpha: 16), seed: 7)
        let phrase = randomTokens(12, vocabulary: 32, seed: 8)
        let stream = Array((0 ..< 4).map { _ in phrase }.joined())
        let tokens = (0 ..< 4).flatMap { b in stream[3 * b ..< 3 * b + 16] }
        let targets = (0 ..< 4).flatMap { b in stream[3 * b + 1 ..< 3 * b + 17] }
        let base = model.parameters
        // Adam written here, independently of the Optimizers target.
        var m = model.loraPairs.map(LoRAPair.zeros(like:)), v = m
        let (b1, b2, lr, eps): (Float, Float, Float, Float) = (0.9, 0.999, 1e-2, 1e-8)
        var losses: [Float] = []
        for step in 1 ... 300 {
            losses.append(lossAndGradients(model, tokens, targets, batch: 4, length: 16, mode: .lora))
            let c1 = 1 - pow(b1, Float(step)), c2 = 1 - pow(b2, Float(step))
            for i in model.loraPairs.indices {
                let g = model.loraGradients[i]
                func update(_ p: inout Matrix<Float>, _ m: inout Matrix<Float>, _ v: inout Matrix<Float>, _ g: Matrix<Float>) {
                    p.withUnsafeMutableBufferPointer { p in
                        m.withUnsafeMutableBufferPointer { m in
                            v.withUnsafeMutableBufferPointer { v in
                                g.withUnsafeBufferPointer { g in
                                    for j in p.indices {
                                        m[j] = b1 * m[j] + (1 - b1) * g[j]
                                        v[j] = b2 * v[j] + (1 - b2) * g[j] * g[j]
                                        p[j] -= lr * (m[j] / c1) / ((v[j] / c2).squareRoot() + eps)
                                    }
                                }
                            }
                        }
                    }
                }
                update(&model.loraPairs[i].a, &m[i].a, &v[i].a, g.a)
                update(&model.loraPairs[i].b, &m[i].b, &v[i].b, g.b)
            }
        }
        #expect(losses[0] > 3, "first loss \(losses[0])")
        #expect(losses.last! < 0.25 * losses[0], "loss \(losses[0]) -> \(losses.last!)")
        #expect(model.parameters == base)
    }

    @Test func sameSeedGivesBitIdenticalLossAndGradients() {
        func run() -> (Float, [LoRAPair<Float>], Float, [Float]) {
            let model = perturbedModel(oddConfig, maxBatch: 2, lora: LoRAConfig(rank: 2, alpha: 4), seed: 21)
            let tokens = randomTokens(18, vocabulary: 23, seed: 1), targets = randomTokens(18, vocabulary: 23, seed: 2)
            let loraLoss = lossAndGradients(model, tokens, targets, batch: 2, length: 9, mode: .lora)
            let fullLoss = lossAndGradients(model, tokens, targets, batch: 2, length: 9, mode: .allWeights)
            return (loraLoss, model.loraGradients, fullLoss, model.withParameterGradients { Array($0) })
        }
        let first = run(), second = run()
        #expect(first.0.bitPattern == second.0.bitPattern)
        #expect(first.1 == second.1)
        #expect(first.2.bitPattern == second.2.bitPattern)
        #expect(first.3.map(\.bitPattern) == second.3.map(\.bitPattern))
    }

    @Test func adaptersWithZeroBLeaveTheBaseModelUnchanged() {
        let config = oddConfig
        let base = perturbedModel(config, maxBatch: 2, seed: 31)
        let adapted = perturbedModel(config, maxBatch: 2, seed: 31)
        adapted.attachLoRA(LoRAConfig(rank: 4, alpha: 8), seed: 32) // B = 0 at attachment
        #expect(adapted.loraPairs.allSatisfy { $0.b.storage.allSatisfy { $0 == 0 } && $0.a.storage.contains { $0 != 0 } })
        let tokens = randomTokens(18, vocabulary: 23, seed: 3), targets = randomTokens(18, vocabulary: 23, seed: 4)
        #expect(loss(base, tokens, targets, batch: 2, length: 9) == loss(adapted, tokens, targets, batch: 2, length: 9))
        let prompts = [Array(tokens[0 ..< 5]), Array(tokens[9 ..< 12])]
        #expect(base.nextTokenLogits(prompts) == adapted.nextTokenLogits(prompts))
        // With B = 0 the gradient of A vanishes and that of B does not.
        lossAndGradients(adapted, tokens, targets, batch: 2, length: 9, mode: .lora)
        #expect(adapted.loraGradients.allSatisfy { $0.a.storage.allSatisfy { $0 == 0 } })
        #expect(adapted.loraGradients.allSatisfy { $0.b.storage.contains { $0 != 0 } })
    }

    @Test func adapterLayoutAndInitialisationFollowPEFT() {
        let config = oddConfig
        let model = Transformer(config: config, maxBatch: 1, seed: 1)
        model.attachLoRA(LoRAConfig(rank: 3, alpha: 6, targets: [.v, .q]), seed: 2)
        // Layer-major, then q, k, v, o order among the targets: (0 q), (0 v), (1 q), (1 v).
        #expect(model.loraPairs.count == 4)
        let bound = Float(1 / Double(config.width).squareRoot())
        for pair in model.loraPairs {
            #expect(pair.a.rows == 3 && pair.a.cols == 12 && pair.b.rows == 12 && pair.b.cols == 3)
            #expect(pair.a.storage.allSatisfy { abs($0) <= bound })
            #expect(pair.a.storage.map(abs).max()! > 0.8 * bound)
        }
        let again = Transformer(config: config, maxBatch: 1, seed: 1)
        again.attachLoRA(LoRAConfig(rank: 3, alpha: 6, targets: [.q, .v]), seed: 2)
        #expect(again.loraPairs == model.loraPairs)
    }
}
