// The vectorised exponential of the non-GEMM kernels (softmax, GELU, attention).
//
// exp: Cody-Waite range reduction x = n ln2 + r with |r| <= ln2 / 2, then a degree-5
// polynomial 1 + r + c2 r^2 + ... + c5 r^5 with c2 ... c5 fitted for minimax relative error on
// that interval (7e-8 in exact arithmetic, 1.8e-7 evaluated in Float by Horner's rule), scaled by
// 2^n built from the exponent bits. The input is clamped to [-87.3, 88.3], so the result is a
// normal float or the largest finite power; no infinities or denormals leave it.
// `vexpNonPositive` skips the upper clamp for arguments known to be <= 0 (softmax).
//
// Checked against Foundation's exp on a dense grid in Tests/ModelTests (max relative error
// about 2e-7). GELU needs no tanh: see GELU.swift.
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
    vexpNonPositive(x.replacing(with: Vec(repeating: expHigh), where: x .> Vec(repeating: expHigh)))
}

/// `e^x` lane by lane for x <= 88.3 (for example x - max(x) in a softmax).
@inline(__always) func vexpNonPositive(_ x: Vec) -> Vec {
    let x = x.replacing(with: Vec(repeating: expLow), where: x .< Vec(repeating: expLow))
    let shifted = x * log2e + roundingMagic // = magic + round(x / ln 2), exactly
    let n = shifted - roundingMagic
    let r = (x - n * ln2High) - n * ln2Low
    var p: Vec = r * 0.008_318_284_526_467_323 + 0.041_898_325_085_639_954
    p = p * r + 0.166_670_098_900_794_98
    p = p * r + 0.499_991_416_931_152_34
    p = p * r + 1
    p = p * r + 1
    let exponent = unsafeBitCast(shifted, to: VecBits.self) &- roundingMagic.bitPattern // n, two's complement
    let scale = unsafeBitCast((exponent &+ 127) &<< 23, to: Vec.self)
    return p * scale
}

/// Scalar `e^x` by the same polynomial (for row tails).
@inline(__always) func sexp(_ x: Float) -> Float { vexp(Vec(repeating: x))[0] }

/// Scalar `vexpNonPositive`.
@inline(__always) func sexpNonPositive(_ x: Float) -> Float { vexpNonPositive(Vec(repeating: x))[0] }

// MARK: - Row kernels shared by the layers

/// 0, 1, ..., 7: compared with a count to mask lanes.
let laneIndex = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)

/// `y[i] += x[i]` for `n` elements.
@inline(__always) func addInPlace(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ n: Int) {
    var i = 0
    while i + vecWidth <= n {
        store(load(y + i) + load(x + i), y + i)
        i += vecWidth
    }
    while i < n { y[i] += x[i]; i += 1 }
}

/// `y[i] = a[i] + b[i]` for `n` elements.
@inline(__always) func addInto(_ y: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) {
    var i = 0
    while i + vecWidth <= n {
        store(load(a + i) + load(b + i), y + i)
        i += vecWidth
    }
    while i < n { y[i] = a[i] + b[i]; i += 1 }
}

/// `y[i] = scale * y[i] - times * x[i]` for `n` elements.
@inline(__always) func scaleAndSubtract(_ y: UnsafeMutablePointer<Float>, scale: Float, minus x: UnsafePointer<Float>, times: Float, _ n: Int) {
    var i = 0
    while i + vecWidth <= n {
        store(scale * load(y + i) - times * load(x + i), y + i)
        i += vecWidth
    }
    while i < n { y[i] = scale * y[i] - times * x[i]; i += 1 }
}

/// `y[i] = scale * x[i]` for `n` elements.
@inline(__always) func scaledCopy(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, scale: Float, _ n: Int) {
    var i = 0
    while i + vecWidth <= n {
        store(scale * load(x + i), y + i)
        i += vecWidth
    }
    while i < n { y[i] = scale * x[i]; i += 1 }
}

/// `y[i] = 0` for `n` elements.
@inline(__always) func setZero(_ y: UnsafeMutablePointer<Float>, _ n: Int) {
    y.update(repeating: 0, count: n)
}

/// Column sums of an `rows x cols` row-major block, added to `out` (`cols`).
func addColumnSums(_ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, rows: Int, cols: Int, rowStride: Int) {
    for n in 0 ..< rows { addInPlace(out, x + n * rowStride, cols) }
}
