// Vectorised elementary functions for the non-GEMM kernels (softmax, GELU, attention).
//
// exp: Cody-Waite range reduction x = n ln2 + r with |r| <= ln2 / 2, then the Taylor polynomial
// of e^r to degree 7 (truncation error r^8 / 8! < 1e-8 relative), scaled by 2^n built from the
// exponent bits. The input is clamped to [-87.3, 88.3], so the result is a normal float or the
// largest finite power; no infinities or denormals leave it.
//
// tanh: for |u| < 0.5, the odd Taylor series to u^15 (truncation < 5e-9, relative < 1e-8);
// otherwise sign(u) (1 - 2 / (e^{2|u|} + 1)), whose rounding error relative to tanh is below
// 3e-7 there because |tanh| >= 0.46.
//
// Both are checked against Foundation's exp and tanh on dense grids in Tests/ModelTests.
// Rounding to the nearest integer uses the 1.5 * 2^23 trick so no lane falls back to libm.

typealias Vec = SIMD8<Float>
typealias VecBits = SIMD8<UInt32>
let vecWidth = 8

@inline(__always) func load(_ p: UnsafePointer<Float>) -> Vec {
    UnsafeRawPointer(p).loadUnaligned(as: Vec.self)
}

@inline(__always) func load(_ p: UnsafeMutablePointer<Float>) -> Vec {
    UnsafeRawPointer(p).loadUnaligned(as: Vec.self)
}

@inline(__always) func store(_ v: Vec, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vec.self)
}

@inline(__always) func lanewiseMax(_ a: Vec, _ b: Vec) -> Vec { a.replacing(with: b, where: b .> a) }

@inline(__always) func horizontalMax(_ v: Vec) -> Float {
    let h = lanewiseMax(v.lowHalf, v.highHalf)
    return Swift.max(Swift.max(h[0], h[1]), Swift.max(h[2], h[3]))
}

@inline(__always) func horizontalSum(_ v: Vec) -> Float {
    let h = v.lowHalf + v.highHalf
    return (h[0] + h[2]) + (h[1] + h[3])
}

@inline(__always) private func lanewiseMax(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
    a.replacing(with: b, where: b .> a)
}

private let expLow: Float = -87.3
private let expHigh: Float = 88.3 // keeps n <= 127, so 2^n is finite
private let log2e: Float = 1.442_695_04
private let ln2High: Float = 0.693_359_375 // 355 / 512: n * ln2High is exact for |n| < 2^15
private let ln2Low: Float = -2.121_944_400_546_905_8e-4 // ln 2 - ln2High
private let roundingMagic: Float = 12_582_912 // 1.5 * 2^23

/// `e^x` lane by lane (see the file comment for accuracy).
@inline(__always) func vexp(_ x: Vec) -> Vec {
    var x = x.replacing(with: Vec(repeating: expLow), where: x .< Vec(repeating: expLow))
    x.replace(with: Vec(repeating: expHigh), where: x .> Vec(repeating: expHigh))
    let shifted = x * log2e + roundingMagic // = magic + round(x / ln 2), exactly
    let n = shifted - roundingMagic
    let r = (x - n * ln2High) - n * ln2Low
    var p: Vec = r * (1.0 / 5040.0) + (1.0 / 720.0)
    p = p * r + (1.0 / 120.0)
    p = p * r + (1.0 / 24.0)
    p = p * r + (1.0 / 6.0)
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    let exponent = unsafeBitCast(shifted, to: VecBits.self) &- roundingMagic.bitPattern // n, two's complement
    let scale = unsafeBitCast((exponent &+ 127) &<< 23, to: Vec.self)
    return p * scale
}

/// `tanh(u)` lane by lane (see the file comment for accuracy).
@inline(__always) func vtanh(_ u: Vec) -> Vec {
    let signBit = VecBits(repeating: 0x8000_0000)
    let bits = unsafeBitCast(u, to: VecBits.self)
    let magnitude = unsafeBitCast(bits & ~signBit, to: Vec.self)
    // Large branch: 1 - 2 / (e^{2|u|} + 1), with the sign of u put back.
    let e = vexp(magnitude + magnitude)
    let large = 1 - 2 / (e + 1)
    // Small branch: odd Taylor series to u^15.
    let u2 = u * u
    var s: Vec = u2 * Vec(repeating: -929_569.0 / 638_512_875.0) + Vec(repeating: 21844.0 / 6_081_075.0)
    s = s * u2 + Vec(repeating: -1382.0 / 155_925.0)
    s = s * u2 + Vec(repeating: 62.0 / 2835.0)
    s = s * u2 + Vec(repeating: -17.0 / 315.0)
    s = s * u2 + Vec(repeating: 2.0 / 15.0)
    s = s * u2 + Vec(repeating: -1.0 / 3.0)
    s = s * u2 + 1
    let small = s * u
    let signedLarge = unsafeBitCast(unsafeBitCast(large, to: VecBits.self) | (bits & signBit), to: Vec.self)
    return signedLarge.replacing(with: small, where: magnitude .< Vec(repeating: 0.5))
}

/// Scalar `e^x` by the same polynomial (for row tails).
@inline(__always) func sexp(_ x: Float) -> Float { vexp(Vec(repeating: x))[0] }

/// Scalar `tanh(u)` by the same polynomial (for row tails).
@inline(__always) func stanh(_ u: Float) -> Float { vtanh(Vec(repeating: u))[0] }

// MARK: - Row kernels shared by the layers

/// `y[i] += x[i]` for `n` elements.
@inline(__always) func addInPlace(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int) {
    var i = 0
    while i + vecWidth <= n {
        store(load(y + i) + load(x + i), y + i)
        i += vecWidth
    }
    while i < n { y[i] += x[i]; i += 1 }
}

/// `y[i] = 0` for `n` elements.
@inline(__always) func setZero(_ y: UnsafeMutablePointer<Float>, _ n: Int) {
    y.update(repeating: 0, count: n)
}

/// Column sums of an `rows x cols` row-major block, added to `out` (`cols`).
func addColumnSums(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, rows: Int, cols: Int, rowStride: Int) {
    for n in 0 ..< rows { addInPlace(out, x + n * rowStride, cols) }
}
