import Foundation
import LinearAlgebra

// Small pieces the element-wise optimizers (Adam, LoRA+, ScaledAdam, Lamb) compose instead of copying.

/// Element-wise first and second moments of one tensor, stored in the parameters' precision:
///     m <- beta1 m + (1 - beta1) g,    v <- beta2 v + (1 - beta2) g^2
struct ElementwiseMoments<S: LinearAlgebraScalar> {
    /// `m`, one entry per element of the tensor.
    var first: [S]
    /// `v`, one entry per element of the tensor.
    var second: [S]

    init(count: Int) {
        first = [S](repeating: 0, count: count)
        second = [S](repeating: 0, count: count)
    }

    /// Zeroed moments for every factor of `shapes`: factor A of pair i at 2i, factor B at 2i + 1.
    static func perFactor(_ shapes: [LoRAShape]) -> [ElementwiseMoments<S>] {
        shapes.flatMap { shape in
            [ElementwiseMoments<S>(count: shape.rank * shape.inFeatures), ElementwiseMoments<S>(count: shape.outFeatures * shape.rank)]
        }
    }

    mutating func accumulate(_ g: UnsafeBufferPointer<S>, beta1: Double, beta2: Double) {
        let (b1, c1, b2, c2) = (S(beta1), S(1 - beta1), S(beta2), S(1 - beta2))
        first.withUnsafeMutableBufferPointer { m in
            second.withUnsafeMutableBufferPointer { v in
                for i in 0 ..< g.count {
                    m[i] = b1 * m[i] + c1 * g[i]
                    v[i] = b2 * v[i] + c2 * g[i] * g[i]
                }
            }
        }
    }
}

/// `1 - beta^t`, the bias correction of a moment after `t` (1-based) updates.
@inline(__always)
func biasCorrection(_ beta: Double, step t: Int) -> Double { 1 - pow(beta, Double(t)) }

/// `beta (1 - beta^k) / (1 - beta^(k+1))` for the 0-based step `k`: a decay with Adam's bias
/// correction folded in (zero at k = 0), as LoRA-RITE's reference uses it.
@inline(__always)
func biasCorrectedDecay(_ beta: Double, step k: Int) -> Double {
    let t = Double(k) + 1
    return beta * (1 - pow(beta, t - 1)) / (1 - pow(beta, t))
}

/// Lamb's layer-wise trust ratio `||X|| / ||u||`, 1 when either norm is zero (optax semantics).
@inline(__always)
func trustRatio(parameterNorm: Double, updateNorm: Double) -> Double {
    parameterNorm == 0 || updateNorm == 0 ? 1 : parameterNorm / updateNorm
}

/// The sum of squares of a buffer, accumulated in Double.
@inline(__always)
func squaredNorm<S: LinearAlgebraScalar>(_ x: UnsafeBufferPointer<S>) -> Double {
    var sum = 0.0
    for value in x {
        let d = Double(value)
        sum += d * d
    }
    return sum
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
