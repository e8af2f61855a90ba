/// GELU, tanh approximation (as GPT-2): `gelu(x) = x/2 (1 + tanh(c (x + 0.044715 x^3)))`,
/// `c = sqrt(2 / pi)`.
enum GELU {
    static let c: Float = 0.797_884_560_802_865_4
    static let cubic: Float = 0.044715

    /// out = gelu(inp), both `count` elements.
    static func forward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, count: Int) {
        var i = 0
        while i + vecWidth <= count {
            let x = load(inp + i)
            let t = vtanh(c * (x + cubic * x * x * x))
            store(0.5 * x * (1 + t), out + i)
            i += vecWidth
        }
        while i < count {
            let x = inp[i]
            out[i] = 0.5 * x * (1 + stanh(c * (x + cubic * x * x * x)))
            i += 1
        }
    }

    /// dinp = gelu'(inp) * dout (dinp may alias dout), `count` elements.
    static func backward(dinp: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, inp: UnsafePointer<Float>, count: Int) {
        var i = 0
        while i + vecWidth <= count {
            let x = load(inp + i)
            let x2 = x * x
            let t = vtanh(c * (x + cubic * x2 * x))
            let sech2 = 1 - t * t
            let local = 0.5 * (1 + t) + 0.5 * x * sech2 * c * (1 + 3 * cubic * x2)
            store(local * load(dout + i), dinp + i)
            i += vecWidth
        }
        while i < count {
            let x = inp[i], x2 = x * x
            let t = stanh(c * (x + cubic * x2 * x))
            let local = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * c * (1 + 3 * cubic * x2)
            dinp[i] = local * dout[i]
            i += 1
        }
    }
}
