import Foundation
import Tasks

/// An interpolated trigram model of the pretraining corpus (0.6 trigram + 0.3 bigram + 0.1
/// add-one unigram): a crude stand-in for a base model that has learnt the corpus's local
/// statistics, used to check that the tasks are not solvable from those alone.
final class TrigramModel: ScoringModel, Sendable {
    private let unigram: [Int32: Double]
    private let bigram: [UInt64: Double], bigramContext: [Int32: Double]
    private let trigram: [UInt64: Double], trigramContext: [UInt64: Double]
    private let total: Double, vocabularySize: Double
    private let candidates: [Int32]

    init(tokens: [Int32], vocabularySize: Int) {
        var unigram: [Int32: Double] = [:]
        var bigram: [UInt64: Double] = [:], bigramContext: [Int32: Double] = [:]
        var trigram: [UInt64: Double] = [:], trigramContext: [UInt64: Double] = [:]
        for i in tokens.indices {
            let c = tokens[i]
            unigram[c, default: 0] += 1
            if i >= 1 {
                bigram[Self.pair(tokens[i - 1], c), default: 0] += 1
                bigramContext[tokens[i - 1], default: 0] += 1
            }
            if i >= 2 {
                trigram[Self.triple(tokens[i - 2], tokens[i - 1], c), default: 0] += 1
                trigramContext[Self.pair(tokens[i - 2], tokens[i - 1]), default: 0] += 1
            }
        }
        (self.unigram, self.bigram, self.bigramContext) = (unigram, bigram, bigramContext)
        (self.trigram, self.trigramContext) = (trigram, trigramContext)
        total = Double(tokens.count)
        self.vocabularySize = Double(vocabularySize)
        candidates = (0 ..< Int32(vocabularySize)).map { $0 }
    }

    private static func pair(_ a: Int32, _ b: Int32) -> UInt64 { UInt64(a) << 20 | UInt64(b) }
    private static func triple(_ a: Int32, _ b: Int32, _ c: Int32) -> UInt64 { UInt64(a) << 40 | UInt64(b) << 20 | UInt64(c) }

    func probability(_ a: Int32, _ b: Int32, _ c: Int32) -> Double {
        let p1 = ((unigram[c] ?? 0) + 1) / (total + vocabularySize)
        let b1 = bigramContext[b] ?? 0
        let p2 = b1 > 0 ? (bigram[Self.pair(b, c)] ?? 0) / b1 : p1
        let t1 = trigramContext[Self.pair(a, b)] ?? 0
        let p3 = t1 > 0 ? (trigram[Self.triple(a, b, c)] ?? 0) / t1 : p2
        return 0.6 * p3 + 0.3 * p2 + 0.1 * p1
    }

    func logLikelihoods(_ requests: [(context: [Int32], continuation: [Int32])]) -> [Double] {
        requests.map { request in
            var a = request.context[request.context.count - 2], b = request.context[request.context.count - 1]
            var sum = 0.0
            for c in request.continuation {
                sum += log(probability(a, b, c))
                (a, b) = (b, c)
            }
            return sum
        }
    }

    func generate(prompts: [[Int32]], maxNewTokens: Int, stop: Int32) -> [[Int32]] {
        prompts.map { prompt in
            var a = prompt[prompt.count - 2], b = prompt[prompt.count - 1]
            var out: [Int32] = []
            for _ in 0 ..< maxNewTokens {
                var best: Int32 = 0, bestProbability = -1.0
                for c in candidates where probability(a, b, c) > bestProbability { best = c; bestProbability = probability(a, b, c) }
                if best == stop { break }
                out.append(best)
                (a, b) = (b, best)
            }
            return out
        }
    }
}
