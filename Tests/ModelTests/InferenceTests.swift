import Foundation
import LinearAlgebra
import Model
import Testing

@Suite struct InferenceTests {
    static let lora = LoRAConfig(rank: 2, alpha: 4)

    @Test func logLikelihoodsAgreeWithTheForwardLossAndTheNaiveModel() {
        let config = oddConfig
        let model = perturbedModel(config, maxBatch: 3, lora: Self.lora, seed: 41)
        let naive = NaiveTransformer(model: model)
        let requests: [(context: [Int32], continuation: [Int32])] = [
            ([3, 4, 5], [6, 7]),
            ([1], [2]),
            ([9, 8, 7, 6, 5, 4], [3, 2, 1]),
            // Longer than contextLength + 1 = 10 tokens: the context is cut on the left.
            ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [11, 12, 13]),
            ([22, 0], [0, 22, 0, 22]),
        ]
        let scores = model.logLikelihoods(requests)
        for (i, request) in requests.enumerated() {
            let sequence = Array((request.context + request.continuation).suffix(config.contextLength + 1))
            let input = Array(sequence.dropLast())
            let scoredFrom = input.count - request.continuation.count
            let targets = sequence.dropFirst().enumerated().map { $0.offset >= scoredFrom ? $0.element : -1 }
            // The forward pass's mean loss over the continuation, times its length.
            let meanLoss = Double(loss(model, input, Array(targets), batch: 1, length: input.count))
            let fromForward = -meanLoss * Double(request.continuation.count)
            #expect(abs(scores[i] - fromForward) <= 1e-5 * abs(fromForward), "request \(i): \(scores[i]) vs forward \(fromForward)")
            let rows = naive.logits(input.map(Int.init))
            let reference = -(scoredFrom ..< input.count).reduce(0.0) { $0 + NaiveTransformer.crossEntropy(rows[$1], Int(sequence[$1 + 1])) }
            #expect(abs(scores[i] - reference) <= 1e-5 * abs(reference), "request \(i): \(scores[i]) vs naive \(reference)")
        }
        // Scoring alone or batched with others gives the same numbers (up to rounding).
        let alone = model.logLikelihoods([requests[2]])[0]
        #expect(abs(alone - scores[2]) <= 1e-6 * abs(alone))
    }

    @Test func choicesSharingAContextAreScoredFromOneCachedPass() {
        // Four questions of four choices (1 to 4 tokens) with maxBatch 2: contexts and
        // continuations both take several passes, and the choices attend to cached contexts.
        let config = oddConfig
        let model = perturbedModel(config, maxBatch: 2, lora: Self.lora, seed: 43)
        let naive = NaiveTransformer(model: model)
        var requests: [(context: [Int32], continuation: [Int32])] = []
        for question in 0 ..< 4 {
            let context = (0 ... question).map { Int32(($0 * 7 + question) % config.vocabularySize) }
            for choice in 1 ... 4 { requests.append((context, (0 ..< choice).map { Int32(($0 + 3 * choice + question) % config.vocabularySize) })) }
        }
        // A context cut on the left (8 + 4 > contextLength + 1 = 10) next to its uncut sibling.
        requests.append(([1, 2, 3, 4, 5, 6, 7, 8], [9, 10, 11, 12]))
        requests.append(([1, 2, 3, 4, 5, 6, 7, 8], [9]))
        let scores = model.logLikelihoods(requests)
        for (i, request) in requests.enumerated() {
            let sequence = Array((request.context + request.continuation).suffix(config.contextLength + 1))
            let input = Array(sequence.dropLast())
            let scoredFrom = input.count - request.continuation.count
            let rows = naive.logits(input.map(Int.init))
            let reference = -(scoredFrom ..< input.count).reduce(0.0) { $0 + NaiveTransformer.crossEntropy(rows[$1], Int(sequence[$1 + 1])) }
            #expect(abs(scores[i] - reference) <= 1e-5 * abs(reference), "request \(i): \(scores[i]) vs naive \(reference)")
        }
        // The same numbers when every request comes alone, or as a whole sequence of its own.
        for i in [0, 7, 15, 16] {
            let alone = model.logLikelihoods([requests[i]])[0]
            #expect(abs(alone - scores[i]) <= 1e-6 * abs(alone), "request \(i)")
        }
        let unshared = model.logLikelihoods(requests, shareContexts: false)
        for i in requests.indices { #expect(abs(unshared[i] - scores[i]) <= 1e-6 * abs(scores[i]), "request \(i) unshared") }
    }

    @Test func cachedDecodingMatchesRecomputingEveryStep() {
        // Greedy decoding with the key-value cache against recomputing the whole sequence for each
        // token (nextTokenLogits), on prompts that reach the context length while decoding, so the
        // windowed path takes over for them.
        let config = oddConfig
        let model = perturbedModel(config, maxBatch: 3, lora: Self.lora, seed: 44)
        let prompts: [[Int32]] = [[1, 2], [5, 6, 7, 8, 9, 10, 11], [3]]
        let generated = model.generate(prompts: prompts, maxNewTokens: 7, stop: -1)
        for (i, prompt) in prompts.enumerated() {
            var sequence = prompt
            for step in 0 ..< 7 {
                let logits = model.nextTokenLogits([Array(sequence.suffix(config.contextLength))])
                let best = Int32(logits.indices.max { logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1) }!)
                #expect(generated[i][step] == best, "prompt \(i) step \(step)")
                sequence.append(best)
            }
        }
        // The cache is reused by the next call without leaking the previous one's state.
        #expect(model.generate(prompts: prompts.reversed(), maxNewTokens: 7, stop: -1) == generated.reversed())
        #expect(model.generate(prompts: prompts, maxNewTokens: 7, stop: -1, cached: false) == generated)
    }

    @Test func greedyGenerationFollowsTheArgmaxOfTheLogits() {
        let config = oddConfig
        let model = perturbedModel(config, maxBatch: 2, lora: Self.lora, seed: 42)
        let naive = NaiveTransformer(model: model)
        let prompts: [[Int32]] = [[1, 2, 3], [7], [4, 4, 4, 4, 4, 4, 4, 4]]
        let stop: Int32 = -5 // never produced: every sequence runs to maxNewTokens
        let generated = model.generate(prompts: prompts, maxNewTokens: 6, stop: stop)
        for (i, prompt) in prompts.enumerated() {
            #expect(generated[i].count == 6)
            var sequence = prompt
            for step in 0 ..< 6 {
                let window = Array(sequence.suffix(config.contextLength))
                let logits = model.nextTokenLogits([window])
                let reference = naive.logits(window.map(Int.init)).last!
                #expect(zip(logits, reference).allSatisfy { abs(Double($0) - $1) < 1e-4 }, "prompt \(i) step \(step): logits differ")
                let best = Int32(logits.indices.max { logits[$0] < logits[$1] || (logits[$0] == logits[$1] && $0 > $1) }!)
                #expect(generated[i][step] == best, "prompt \(i) step \(step)")
                sequence.append(generated[i][step])
            }
        }
        // Stopping: the first generated token of prompt 0 as stop token gives an empty output for
        // it; the stop token is never included.
        let stopped = model.generate(prompts: prompts, maxNewTokens: 6, stop: generated[0][0])
        #expect(stopped[0].isEmpty)
        for output in stopped { #expect(!output.contains(generated[0][0])) }
        for i in 1 ..< prompts.count {
            let cut = generated[i].firstIndex(of: generated[0][0]) ?? generated[i].count
            #expect(stopped[i] == Array(generated[i][..<cut]))
        }
    }
}
