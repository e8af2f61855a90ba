import LinearAlgebra

// Element access to the factors of LoRA pairs, for the optimizers that treat A and B alike.

/// Runs `body` on every factor of every pair in turn (A then B of pair 0, then pair 1, ...) with
/// the factor's index (2i for A of pair i, 2i + 1 for B, the layout of per-factor state), its
/// gradient `g` and its elements `x`.
@inline(__always)
func forEachFactor<S>(_ pairs: inout [LoRAPair<S>], gradients: [LoRAPair<S>],
                      _ body: (_ index: Int, _ factor: LoRAFactor, _ g: UnsafeBufferPointer<S>,
                               _ x: UnsafeMutableBufferPointer<S>) -> Void) {
    for i in pairs.indices {
        for factor in LoRAFactor.allCases {
            let index = 2 * i + (factor == .a ? 0 : 1)
            withFactor(gradients[i], factor) { g in
                withMutableFactor(&pairs[i], factor) { x in body(index, factor, g, x) }
            }
        }
    }
}

/// Mutable access to one factor's elements.
@inline(__always)
func withMutableFactor<S, R>(_ pair: inout LoRAPair<S>, _ factor: LoRAFactor,
                             _ body: (UnsafeMutableBufferPointer<S>) throws -> R) rethrows -> R {
    switch factor {
    case .a: return try pair.a.withUnsafeMutableBufferPointer(body)
    case .b: return try pair.b.withUnsafeMutableBufferPointer(body)
    }
}

/// Read access to one factor's elements.
@inline(__always)
func withFactor<S, R>(_ pair: LoRAPair<S>, _ factor: LoRAFactor, _ body: (UnsafeBufferPointer<S>) throws -> R) rethrows -> R {
    try factor.matrix(of: pair).withUnsafeBufferPointer(body)
}
