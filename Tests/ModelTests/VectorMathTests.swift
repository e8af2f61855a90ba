import Foundation
@testable import Model
import Testing

// The polynomial exp and the GELU built on it against Double references on dense grids: the
// maximum relative error must stay below 1e-6 (about 8 float ulps); both reach about 1e-7.

@Suite struct VectorMathTests {
    /// Max relative error of `f` (8 lanes at a time) against `reference` over `inputs`.
    /// With `condition`, each error is divided by max(1, condition(x)): the relative error that
    /// the rounding of x itself causes is about ulp * condition(x), which no kernel can beat.
    func maxRelativeError(_ inputs: [Float], _ f: (Vec) -> Vec, _ reference: (Double) -> Double,
                          condition: ((Double) -> Double)? = nil) -> (Double, Float) {
        var worst = 0.0, at: Float = 0
        var i = 0
        while i < inputs.count {
            var lanes = Vec()
            for k in 0 ..< 8 { lanes[k] = inputs[min(i + k, inputs.count - 1)] }
            let result = f(lanes)
            for k in 0 ..< 8 where i + k < inputs.count {
                let expected = reference(Double(lanes[k]))
                var error = expected == 0 ? abs(Double(result[k])) : abs(Double(result[k]) - expected) / abs(expected)
                if let condition { error /= max(1, condition(Double(lanes[k]))) }
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

    @Test func geluOnADenseGrid() {
        // Reference: x sigmoid(2u) in Double; first check that it is the tanh form where the
        // latter is well conditioned in Double (for very negative x, 1 + tanh(u) cancels).
        let c = (2 / Double.pi).squareRoot()
        func u(_ x: Double) -> Double { c * (x + 0.044715 * x * x * x) }
        func sigmoidForm(_ x: Double) -> Double { x / (1 + Foundation.exp(-2 * u(x))) }
        for x in stride(from: -3.0, through: 10.0, by: 1.0 / 64) {
            let tanhForm = 0.5 * x * (1 + Foundation.tanh(u(x)))
            #expect(abs(tanhForm - sigmoidForm(x)) <= 1e-12 * max(abs(tanhForm), 1e-300) + 1e-300, "x = \(x)")
        }
        let inputs = stride(from: -10.0, through: 10.0, by: 1.0 / 2048).map { Float($0) } + [1e-20, -1e-20, 1e-6, -1e-6]
        let (error, at) = maxRelativeError(inputs, { x in
            var out = Vec(), gate = Vec()
            withUnsafePointer(to: x) { p in
                p.withMemoryRebound(to: Float.self, capacity: 8) { xs in
                    withUnsafeMutablePointer(to: &out) { o in
                        withUnsafeMutablePointer(to: &gate) { g in
                            g.withMemoryRebound(to: Float.self, capacity: 8) { gp in
                                o.withMemoryRebound(to: Float.self, capacity: 8) { GELU.forward(out: $0, gate: gp, inp: xs, count: 8) }
                            }
                        }
                    }
                }
            }
            return out
        }, sigmoidForm, condition: { x in
            // |x gelu'(x) / gelu(x)|: large for very negative x, where gelu(x) ~ x e^{-2u}.
            let s = 1 / (1 + Foundation.exp(-2 * u(x)))
            let derivative = s + 2 * x * s * (1 - s) * c * (1 + 3 * 0.044715 * x * x)
            return x == 0 ? 1 : abs(x * derivative / sigmoidForm(x))
        })
        #expect(error < 1e-6, "gelu: max relative error / condition \(error) at \(at)")
    }

    @Test func scalarTailsUseTheSamePolynomial() {
        for x: Float in [-3.5, -0.2, 0, 0.7, 12] {
            #expect(sexp(x) == vexp(Vec(repeating: x))[3])
        }
    }
}
