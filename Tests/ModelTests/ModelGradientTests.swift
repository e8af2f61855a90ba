import Foundation
import LinearAlgebra
@testable import Model
import Testing

// The whole model against the independent naive Double implementation (NaiveTransformer):
// the fast Float32 forward must match it to ~1e-5, and the fast analytic gradients must match
// central differences of the Double model (step 1e-4: truncation ~1e-8, rounding ~1e-12), so the
// only error left is the fast model's Float32 rounding (relative ~1e-5). Tolerance 1e-3.

@Suite struct ModelGradientTests {
    static let batch = 2
    static let lora = LoRAConfig(rank: 3, alpha: 5, targets: [.q, .k, .v, .o])

    /// Tokens and targets of a full batch; a few targets are ignored (-1), including every target
    /// of one whole position column, so the compacted head path runs.
    static func data(_ config: ModelConfig, seed: UInt64) -> (tokens: [Int32], targets: [Int32]) {
        let n = batch * config.contextLength
        let tokens = randomTokens(n, vocabulary: config.vocabularySize, seed: seed)
        var targets = randomTokens(n, vocabulary: config.vocabularySize, seed: seed &+ 1)
        for i in stride(from: 0, to: n, by: 4) { targets[i] = -1 }
        targets[1] = -1
        return (tokens, targets)
    }

    @Test func fastForwardMatchesNaiveDouble() {
        let config = oddConfig
        let model = perturbedModel(config, maxBatch: Self.batch, lora: Self.lora)
        let (tokens, targets) = Self.data(config, seed: 5)
        let fast = Double(loss(model, tokens, targets, batch: Self.batch, length: config.contextLength))
        let naive = NaiveTransformer(model: model).loss(tokens: tokens, targets: targets, batch: Self.batch, length: config.contextLength)
        #expect(abs(fast - naive) <= 1e-5 * abs(naive), "fast \(fast), naive \(naive)")
        // Shorter lengths reuse the same buffers: every prefix length must match too.
        for length in [1, 4] {
            let t = (0 ..< Self.batch).flatMap { b in tokens[b * config.contextLength ..< b * config.contextLength + length] }
            let y = (0 ..< Self.batch).flatMap { b in targets[b * config.contextLength ..< b * config.contextLength + length] }
            let f = Double(loss(model, t, y.map { max($0, 0) }, batch: Self.batch, length: length))
            let r = NaiveTransformer(model: model).loss(tokens: t, targets: y.map { max($0, 0) }, batch: Self.batch, length: length)
            #expect(abs(f - r) <= 1e-5 * abs(r), "length \(length): fast \(f), naive \(r)")
        }
    }

    @Test func presetForwardMatchesNaiveDouble() {
        // The real tiny preset shape (SIMD widths exact, several query tiles) at a short context.
        let config = ModelPreset.tiny.config(vocabularySize: 101, contextLength: 40)
        let model = perturbedModel(config, maxBatch: 1, lora: LoRAConfig(rank: 4, alpha: 8), scale: 0.05)
        let tokens = randomTokens(40, vocabulary: 101, seed: 9), targets = randomTokens(40, vocabulary: 101, seed: 10)
        let fast = Double(loss(model, tokens, targets, batch: 1, length: 40))
        let naive = NaiveTransformer(model: model).loss(tokens: tokens, targets: targets, batch: 1, length: 40)
        #expect(abs(fast - naive) <= 1e-5 * abs(naive), "fast \(fast), naive \(naive)")
    }

    @Test func loraGradientsMatchDoubleFiniteDifferences() {
        let config = oddConfig, T = config.contextLength
        let model = perturbedModel(config, maxBatch: Self.batch, lora: Self.lora)
        let (tokens, targets) = Self.data(config, seed: 6)
        lossAndGradients(model, tokens, targets, batch: Self.batch, length: T, mode: .lora)
        var naive = NaiveTransformer(model: model)
        var analytic: [Double] = [], numeric: [Double] = []
        let h = 1e-4
        for (index, gradient) in model.loraGradients.enumerated() {
            let slot = naive.adapters.keys.sorted()[index]
            for (factor, values) in [(0, gradient.a.storage), (1, gradient.b.storage)] {
                for i in sampledIndices(values.count, stride: 2, offset: index) {
                    func perturbed(_ delta: Double) -> Double {
                        var pair = naive.adapters[slot]!
                        if factor == 0 { pair.a[i] += delta } else { pair.b[i] += delta }
                        let saved = naive.adapters[slot]
                        naive.adapters[slot] = pair
                        defer { naive.adapters[slot] = saved }
                        return naive.loss(tokens: tokens, targets: targets, batch: Self.batch, length: T)
                    }
                    numeric.append((perturbed(h) - perturbed(-h)) / (2 * h))
                    analytic.append(Double(values[i]))
                }
            }
        }
        let error = relativeError(analytic, numeric)
        #expect(error < 1e-3, "LoRA gradients: relative error \(error) over \(numeric.count) coordinates")
        #expect(numeric.count > 200)
    }

    @Test func baseGradientsMatchDoubleFiniteDifferences() {
        let config = oddConfig, T = config.contextLength
        let model = perturbedModel(config, maxBatch: Self.batch)
        let (tokens, targets) = Self.data(config, seed: 7)
        lossAndGradients(model, tokens, targets, batch: Self.batch, length: T, mode: .allWeights)
        let gradient = model.withParameterGradients { Array($0) }
        var naive = NaiveTransformer(model: model)
        let h = 1e-4
        // Every tensor, a spread of coordinates in each (all of the small ones).
        var analytic: [Double] = [], numeric: [Double] = []
        var perTensor: [(String, Double)] = []
        for entry in model.layout.entries {
            var a: [Double] = [], n: [Double] = []
            for i in sampledIndices(entry.count, stride: max(1, entry.count / 12), offset: entry.offset) {
                let index = entry.offset + i
                let saved = naive.parameters[index]
                naive.parameters[index] = saved + h
                let plus = naive.loss(tokens: tokens, targets: targets, batch: Self.batch, length: T)
                naive.parameters[index] = saved - h
                let minus = naive.loss(tokens: tokens, targets: targets, batch: Self.batch, length: T)
                naive.parameters[index] = saved
                n.append((plus - minus) / (2 * h))
                a.append(Double(gradient[index]))
            }
            perTensor.append((entry.name, relativeError(a, n)))
            analytic += a
            numeric += n
        }
        let error = relativeError(analytic, numeric)
        #expect(error < 1e-3, "base gradients: relative error \(error); per tensor \(perTensor)")
        for (name, tensorError) in perTensor { #expect(tensorError < 1e-2, "\(name): relative error \(tensorError)") }
    }

    /// Fine-tuning-like targets on a batch of 3 (context 9): sequence 0 scores positions 4 ..< 7
    /// and is padding after them, sequence 1 scores nothing, sequence 2 scores positions 2 and 8
    /// only (the positions between are computed but not scored).
    static func raggedData(_ config: ModelConfig, seed: UInt64) -> (tokens: [Int32], targets: [Int32]) {
        let T = config.contextLength
        let tokens = randomTokens(3 * T, vocabulary: config.vocabularySize, seed: seed)
        let values = randomTokens(3 * T, vocabulary: config.vocabularySize, seed: seed &+ 1)
        var targets = [Int32](repeating: -1, count: 3 * T)
        for t in [4, 5, 6] { targets[t] = values[t] }
        for t in [2, 8] { targets[2 * T + t] = values[2 * T + t] }
        return (tokens, targets)
    }

    @Test func raggedBatchesMatchNaiveDoubleAndFiniteDifferences() {
        let config = oddConfig, T = config.contextLength
        let model = perturbedModel(config, maxBatch: 3, lora: Self.lora)
        let (tokens, targets) = Self.raggedData(config, seed: 11)
        let fast = Double(lossAndGradients(model, tokens, targets, batch: 3, length: T, mode: .lora))
        var naive = NaiveTransformer(model: model)
        let reference = naive.loss(tokens: tokens, targets: targets, batch: 3, length: T)
        #expect(abs(fast - reference) <= 1e-5 * abs(reference), "fast \(fast), naive \(reference)")
        var analytic: [Double] = [], numeric: [Double] = []
        let h = 1e-4
        for (index, gradient) in model.loraGradients.enumerated() {
            let slot = naive.adapters.keys.sorted()[index]
            for (factor, values) in [(0, gradient.a.storage), (1, gradient.b.storage)] {
                for i in sampledIndices(values.count, stride: 3, offset: index) {
                    func perturbed(_ delta: Double) -> Double {
                        let saved = naive.adapters[slot]!
                        var pair = saved
                        if factor == 0 { pair.a[i] += delta } else { pair.b[i] += delta }
                        naive.adapters[slot] = pair
                        defer { naive.adapters[slot] = saved }
                        return naive.loss(tokens: tokens, targets: targets, batch: 3, length: T)
                    }
                    numeric.append((perturbed(h) - perturbed(-h)) / (2 * h))
                    analytic.append(Double(values[i]))
                }
            }
        }
        let error = relativeError(analytic, numeric)
        #expect(error < 1e-3, "LoRA gradients: relative error \(error) over \(numeric.count) coordinates")
        // Every base parameter's gradient too (pretraining mode on the same ragged batch).
        lossAndGradients(model, tokens, targets, batch: 3, length: T, mode: .allWeights)
        let gradient = model.withParameterGradients { Array($0) }
        var a: [Double] = [], n: [Double] = []
        for entry in model.layout.entries {
            for i in sampledIndices(entry.count, stride: max(1, entry.count / 6), offset: entry.offset) {
                let index = entry.offset + i
                let saved = naive.parameters[index]
                naive.parameters[index] = saved + h
                let plus = naive.loss(tokens: tokens, targets: targets, batch: 3, length: T)
                naive.parameters[index] = saved - h
                let minus = naive.loss(tokens: tokens, targets: targets, batch: 3, length: T)
                naive.parameters[index] = saved
                n.append((plus - minus) / (2 * h))
                a.append(Double(gradient[index]))
            }
        }
        let baseError = relativeError(a, n)
        #expect(baseError < 1e-3, "base gradients: relative error \(baseError)")
    }

    @Test func paddingAfterTheLastScoredPositionChangesNothing() {
        // Sequences cut after their last scored position, or padded with other tokens, give the
        // same loss and gradients bit for bit: nothing after a sequence's last target is computed.
        let config = oddConfig, T = config.contextLength
        let model = perturbedModel(config, maxBatch: 3, lora: Self.lora)
        let (tokens, targets) = Self.raggedData(config, seed: 12)
        let loss = lossAndGradients(model, tokens, targets, batch: 3, length: T, mode: .lora)
        let gradients = model.loraGradients
        var other = tokens
        for t in 7 ..< T { other[t] = Int32((t * 5) % config.vocabularySize) }   // sequence 0's padding
        for t in 0 ..< T { other[T + t] = 0 }                                     // sequence 1 scores nothing
        #expect(lossAndGradients(model, other, targets, batch: 3, length: T, mode: .lora) == loss)
        #expect(model.loraGradients == gradients)
        // The same batch cut to length 7 (sequence 2 then scores position 2 only) against the naive
        // model on the cut batch: the cut changes the scored set, not the computation of the rest.
        let cut = (0 ..< 3).flatMap { b in tokens[b * T ..< b * T + 7] }
        let cutTargets = (0 ..< 3).flatMap { b in targets[b * T ..< b * T + 7] }
        let fast = Double(lossAndGradients(model, cut, cutTargets, batch: 3, length: 7, mode: .lora))
        let reference = NaiveTransformer(model: model).loss(tokens: cut, targets: cutTargets, batch: 3, length: 7)
        #expect(abs(fast - reference) <= 1e-5 * abs(reference), "fast \(fast), naive \(reference)")
    }

    @Test func loraModeDoesNotTouchBaseWeightsOrTheirGradients() {
        let config = oddConfig, T = config.contextLength
        let model = perturbedModel(config, maxBatch: Self.batch, lora: Self.lora)
        let (tokens, targets) = Self.data(config, seed: 8)
        let before = model.parameters
        let gradientBefore = model.withParameterGradients { Array($0) }
        for _ in 0 ..< 3 {
            lossAndGradients(model, tokens, targets, batch: Self.batch, length: T, mode: .lora)
            for i in model.loraPairs.indices {
                model.loraPairs[i].a.add(model.loraGradients[i].a, scaledBy: -0.1)
                model.loraPairs[i].b.add(model.loraGradients[i].b, scaledBy: -0.1)
            }
        }
        #expect(model.parameters == before)
        #expect(model.withParameterGradients { Array($0) } == gradientBefore)
    }

    @Test(arguments: [false, true])
    func flopCountMatchesThePerformedProducts(ragged: Bool) {
        // FLOPCount's formulas against a tally of every BLAS product the passes actually make.
        let config = ModelPreset.tiny.config(vocabularySize: 37, contextLength: 45)
        let lora = LoRAConfig(rank: 4, alpha: 4, targets: [.q, .v, .o])
        let model = perturbedModel(config, maxBatch: 3, lora: lora, scale: 0.01)
        let tokens = randomTokens(3 * 45, vocabulary: 37, seed: 1)
        var targets = randomTokens(3 * 45, vocabulary: 37, seed: 2)
        for i in stride(from: 0, to: targets.count, by: 3) { targets[i] = -1 }
        if ragged {
            // As fine-tuning batches: prompts and padding ignored, answers of different lengths.
            for (b, scored) in [(0, 20 ..< 24), (1, 3 ..< 4), (2, 40 ..< 45)] {
                for t in 0 ..< 45 where !scored.contains(t) { targets[b * 45 + t] = -1 }
            }
        }
        // Each sequence up to its last scored position; the last block from its first scored one.
        let segments: [FLOPCount.Segment] = (0 ..< 3).compactMap { b in
            let scored = (0 ..< 45).filter { targets[b * 45 + $0] >= 0 }
            guard let first = scored.first, let last = scored.last else { return nil }
            return FLOPCount.Segment(length: last + 1, firstUsed: first)
        }
        let headRows = targets.filter { $0 >= 0 }.count
        // Every pass after a change of the adapters merges them again (as every training step does).
        func changeAnAdapter() { model.loraPairs[0].a[0, 0] += 1e-3 }
        for mode in [GradientMode.lora, .allWeights] {
            changeAnAdapter()
            let tally = FLOPTally()
            FLOPTally.$current.withValue(tally) {
                lossAndGradients(model, tokens, targets, batch: 3, length: 45, mode: mode)
            }
            let expected = FLOPCount.trainingStep(config: config, segments: segments, headRows: headRows, lora: lora, mode: mode)
            #expect(tally.flops == expected, "\(mode): performed \(tally.flops), formula \(expected)")
        }
        changeAnAdapter()
        let tally = FLOPTally()
        FLOPTally.$current.withValue(tally) { _ = loss(model, tokens, targets, batch: 3, length: 45) }
        let forward = FLOPCount.forward(config: config, segments: segments, headRows: headRows, lora: lora, training: false)
        #expect(tally.flops == forward)
        // A pass with the same adapters and base weights keeps the merged weights: 2 d^2 r a less per block.
        let again = FLOPTally()
        FLOPTally.$current.withValue(again) { _ = loss(model, tokens, targets, batch: 3, length: 45) }
        #expect(again.flops == forward - config.layers * 2 * config.width * config.width * lora.rank * 3)
    }

    @Test func flopCountOfAFullBatchIsTheClosedForm() {
        // Every position scored: N = R = H = B T, E = E' = B (0.625 T^2) at T = 128 with tiles of 32.
        let c = ModelPreset.tiny.config(vocabularySize: 2048, contextLength: 128)
        let lora = LoRAConfig(rank: 16, alpha: 16)
        let flops = FLOPCount.trainingStep(config: c, batch: 16, length: 128, lora: lora, mode: .lora)
        #expect(flops == 2_215_641_088, "tiny, batch 16, context 128, vocabulary 2048, rank 16: \(flops)")
        #expect(FLOPCount.attentionEntries(length: 128) == 10240)
        #expect(FLOPCount.attentionEntries(length: 40, firstQuery: 5) == 32 * 37 + 3 * 40)
    }
}
