/// GELU, tanh approximation (as GPT-2): `gelu(x) = x/2 (1 + tanh(u))`, `u = c (x + 0.044715 x^3)`,
/// `c = sqrt(2 / pi)`.
///
/// Evaluated through the identity `(1 + tanh(u)) / 2 = sigmoid(2u) = 1 / (1 + e^{-2u})`, which is
/// exact in real arithmetic and costs one exponential and one division, with no cancellation
/// anywhere (the relative error stays at the exponential's, about 1e-7; Tests/ModelTests compares
/// it with the tanh form in Double on a dense grid). The derivative uses
/// `sech^2(u) = 4 s (1 - s)` with `s = sigmoid(2u)`:
/// `gelu'(x) = s + 2 x s (1 - s) c (1 + 3 * 0.044715 x^2)`.
enum GELU {
    static let c: Float = 0.797_884_560_802_865_4
    static let cubic: Float = 0.044715

    /// out = gelu(inp) and gate = sigmoid(2u) (saved for backward), all `count` elements.
    static func forward(out: UnsafeMutablePointer<Float>, gate: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, count: Int) {
        let minusTwoC = Vec(repeating: -2 * c)
        var i = 0
        while i + vecWidth <= count {
            let x = load(inp + i)
            let s = 1 / (1 + vexp(minusTwoC * (x + cubic * x * x * x)))
            store(s, gate + i)
            store(x * s, out + i)
            i += vecWidth
        }
        while i < count {
            let x = inp[i]
            let s = 1 / (1 + sexp(-2 * c * (x + cubic * x * x * x)))
            gate[i] = s
            out[i] = x * s
            i += 1
        }
    }

    /// dinp = gelu'(inp) * dout (dinp may alias dout), from the input and the gate saved by
    /// forward, `count` elements.
    static func backward(dinp: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, inp: UnsafePointer<Float>,
                         gate: UnsafePointer<Float>, count: Int) {
        var i = 0
        while i + vecWidth <= count {
            let x = load(inp + i), s = load(gate + i)
            let slope: Vec = c * (1 + 3 * cubic * x * x)
            let local: Vec = s + 2 * x * s * (1 - s) * slope
            store(local * load(dout + i), dinp + i)
            i += vecWidth
        }
        while i < count {
            let x = inp[i], s = gate[i]
            dinp[i] = (s + 2 * x * s * (1 - s) * c * (1 + 3 * cubic * x * x)) * dout[i]
            i += 1
        }
    }
}
