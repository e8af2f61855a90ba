import Foundation
import NaiveReferences
import Optimizers
import Testing

@Suite("AdamW on a flat buffer (pretraining's optimizer)")
struct FlatAdamWTests {
    /// Three segments: decayed, not decayed, and two elements in no segment at all.
    static let segments = [FlatAdamW<Double>.Segment(range: 0 ..< 5, decays: true),
                           FlatAdamW<Double>.Segment(range: 5 ..< 9, decays: false)]

    @Test("three steps against AdamW written out in Double")
    func matchesTheFormula() throws {
        var rng = SplitMix64(seed: 41)
        let count = 11
        let (beta1, beta2, eps, lambda, scale) = (0.8, 0.95, 1e-6, 0.3, 0.5)
        var adam = try FlatAdamW<Double>(count: count, beta1: beta1, beta2: beta2, epsilon: eps, weightDecay: lambda,
                                        segments: Self.segments)
        var parameters = (0 ..< count).map { _ in rng.symmetric() }
        var expected = parameters
        var (m, v) = ([Double](repeating: 0, count: count), [Double](repeating: 0, count: count))
        for (t, rate) in [(1, 0.1), (2, 0.05), (3, 0.02)] {
            let gradients = (0 ..< count).map { _ in rng.symmetric() }
            parameters.withUnsafeMutableBufferPointer { p in
                gradients.withUnsafeBufferPointer { g in adam.step(parameters: p, gradients: g, gradientScale: scale, learningRate: rate) }
            }
            for i in 0 ..< 9 {
                let g = scale * gradients[i]
                m[i] = beta1 * m[i] + (1 - beta1) * g
                v[i] = beta2 * v[i] + (1 - beta2) * g * g
                let mHat = m[i] / (1 - pow(beta1, Double(t))), vHat = v[i] / (1 - pow(beta2, Double(t)))
                expected[i] -= rate * (mHat / (vHat.squareRoot() + eps) + (i < 5 ? lambda : 0) * expected[i])
            }
            #expect(adam.stepCount == t)
            for i in 0 ..< count {
                #expect(abs(parameters[i] - expected[i]) <= 1e-14, "step \(t), element \(i): \(parameters[i]) vs \(expected[i])")
            }
        }
    }

    @Test("with a zero gradient only the decayed segment moves, by the factor 1 - eta lambda")
    func decayIsMaskedPerSegment() throws {
        var adam = try FlatAdamW<Float>(count: 4, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.5,
                                       segments: [.init(range: 0 ..< 2, decays: true), .init(range: 2 ..< 3, decays: false)])
        var parameters: [Float] = [2, -4, 3, 5]
        let gradients = [Float](repeating: 0, count: 4)
        parameters.withUnsafeMutableBufferPointer { p in
            gradients.withUnsafeBufferPointer { g in adam.step(parameters: p, gradients: g, learningRate: 0.1) }
        }
        #expect(parameters == [1.9, -3.8, 3, 5])
    }

    @Test("bad hyper-parameters and segments are errors naming the value")
    func rejectsBadSettings() {
        func failure(beta1: Double = 0.9, epsilon: Double = 1e-8, weightDecay: Double = 0,
                     segments: [FlatAdamW<Float>.Segment] = []) -> String? {
            do {
                _ = try FlatAdamW<Float>(count: 3, beta1: beta1, beta2: 0.99, epsilon: epsilon, weightDecay: weightDecay, segments: segments)
                return nil
            } catch { return "\(error)" }
        }
        #expect(failure() == nil)
        #expect(failure(beta1: 1)?.contains("beta1 = 1.0") == true)
        #expect(failure(epsilon: 0)?.contains("eps = 0.0") == true)
        #expect(failure(weightDecay: -.infinity)?.contains("weight_decay = -inf") == true)
        #expect(failure(segments: [.init(range: 1 ..< 4, decays: true)])?.contains("1..<4") == true)
    }
}
