import Foundation
@testable import Model
import Testing

// The polynomial exp and tanh against Foundation's (Double) on dense grids: the maximum relative
// error must stay below 1e-6 (about 8 float ulps); the kernels are built to about 2e-7.

@Suite struct VectorMathTests {
    /// Max relative error of `f` (8 lanes at a time) against `reference` over `inputs`.
    func maxRelativeError(_ inputs: [Float], _ f: (Vec) -> Vec, _ reference: (Double) -> Double) -> (Double, Float) {
        var worst = 0.0, at: Float = 0
        var i = 0
        while i < inputs.count {
            var lanes = Vec()
            for k in 0 ..< 8 { lanes[k] = inputs[min(i + k, inputs.count - 1)] }
            let result = f(lanes)
            for k in 0 ..< 8 where i + k < inputs.count {
                let expected = reference(Double(lanes[k]))
                let error = expected == 0 ? abs(Double(result[k])) : abs(Double(result[k]) - expected) / abs(expected)
                if error > worst { worst = error; at = lanes[k] }
            }
            i += 8
        }
        return (worst, at)
    }

    @Test func expOnADenseGrid() {
        // Every 1/1024 over the clamped range [-87.3, 88.3], plus the neighbourhood of 0 finely.
        var inputs = stride(from: -87.3, through: 88.3, by: 1.0 / 1024).map { Float($0) }
        inputs += stride(from: -1e-3, through: 1e-3, by: 1e-7).map { Float($0) }
        let (error, at) = maxRelativeError(inputs, vexp, Foundation.exp)
        #expect(error < 1e-6, "exp: max relative error \(error) at \(at)")
    }

    @Test func expClampsInsteadOfOverflowing() {
        let result = vexp(Vec(-1000, -100, -87.4, 88.8, 100, 1000, 0, 1))
        for k in 0 ..< 8 { #expect(result[k].isFinite && result[k] > 0, "lane \(k): \(result[k])") }
        #expect(result[6] == 1)
    }

    @Test func tanhOnADenseGrid() {
        var inputs = stride(from: -12.0, through: 12.0, by: 1.0 / 4096).map { Float($0) }
        inputs += stride(from: -1e-2, through: 1e-2, by: 1e-6).map { Float($0) }
        inputs += [1e-30, -1e-30, 1e-10, 0.4999999, 0.5, 0.5000001, -0.5, 30, -30, 1e6, -1e6]
        let (error, at) = maxRelativeError(inputs, vtanh, Foundation.tanh)
        #expect(error < 1e-6, "tanh: max relative error \(error) at \(at)")
    }

    @Test func scalarTailsUseTheSamePolynomial() {
        for x: Float in [-3.5, -0.2, 0, 0.7, 12] {
            #expect(sexp(x) == vexp(Vec(repeating: x))[3])
            #expect(stanh(x) == vtanh(Vec(repeating: x))[5])
        }
    }
}
