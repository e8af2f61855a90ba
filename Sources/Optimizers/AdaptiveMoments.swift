import Foundation
import LinearAlgebra

// The state of Adam's scaling (optax's `scale_by_adam`), which Adam, LoRA+, ScaledAdam, Lamb and
// pretraining's AdamW (FlatAdamW.swift) all keep, element-wise and in the parameters' precision:
//
//     m <- beta1 m + (1 - beta1) g,    v <- beta2 v + (1 - beta2) g^2
//
// What each optimizer does with m and v is written once in AdamUpdateRules.swift.

/// The hyper-parameters Adam, LoRA+, ScaledAdam and Lamb read alike (`adamHyperparameters`).
struct AdamSettings {
    let beta1: Double
    let beta2: Double
    /// Added to the root of the second moment.
    let epsilon: Double
    let weightDecay: Double

    init(_ hyperparameters: Hyperparameters) {
        beta1 = hyperparameters.number("beta1")
        beta2 = hyperparameters.number("beta2")
        epsilon = hyperparameters.number("eps")
        weightDecay = hyperparameters.number("weight_decay")
    }

    /// The moments' coefficients with `1 - beta` taken in Double, as the LoRA optimizers round them.
    func momentCoefficients<S>() -> MomentCoefficients<S> { MomentCoefficients(beta1: beta1, beta2: beta2) }
}

/// `beta1`, `1 - beta1`, `beta2` and `1 - beta2` in the parameters' precision.
///
/// Two roundings exist and both are kept, because they differ in the last bits in Float
/// (`Float(1 - 0.9) != 1 - Float(0.9)`): the LoRA optimizers take `1 - beta` in Double and round
/// it (`init(beta1:beta2:)`); pretraining rounds beta first and subtracts in the parameters'
/// precision (`complementsAfterRounding`). Moving either would change every number it produced.
struct MomentCoefficients<S: LinearAlgebraScalar> {
    let beta1: S
    let complement1: S
    let beta2: S
    let complement2: S

    /// `1 - beta` computed in Double, then rounded to `S`.
    init(beta1: Double, beta2: Double) {
        (self.beta1, complement1, self.beta2, complement2) = (S(beta1), S(1 - beta1), S(beta2), S(1 - beta2))
    }

    private init(beta1: S, beta2: S) {
        (self.beta1, complement1, self.beta2, complement2) = (beta1, 1 - beta1, beta2, 1 - beta2)
    }

    /// beta rounded to `S` first, `1 - beta` then computed in `S`.
    static func complementsAfterRounding(beta1: Double, beta2: Double) -> MomentCoefficients<S> {
        MomentCoefficients(beta1: S(beta1), beta2: S(beta2))
    }

    /// One element's update: `m <- beta1 m + (1 - beta1) g`, `v <- beta2 v + (1 - beta2) g^2`.
    @inline(__always)
    func accumulate(_ g: S, first m: inout S, second v: inout S) {
        m = beta1 * m + complement1 * g
        v = beta2 * v + complement2 * g * g
    }
}

/// Element-wise first and second moments of one tensor, stored in the parameters' precision.
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

    /// Accumulates the gradient `g` into the moments, then hands the updated `m` and `v` to `body`.
    @inline(__always)
    mutating func accumulate<R>(_ g: UnsafeBufferPointer<S>, _ coefficients: MomentCoefficients<S>,
                                then body: (_ m: UnsafeBufferPointer<S>, _ v: UnsafeBufferPointer<S>) throws -> R) rethrows -> R {
        try first.withUnsafeMutableBufferPointer { m in
            try second.withUnsafeMutableBufferPointer { v in
                for i in 0 ..< g.count { coefficients.accumulate(g[i], first: &m[i], second: &v[i]) }
                return try body(UnsafeBufferPointer(m), UnsafeBufferPointer(v))
            }
        }
    }
}

/// The loop Adam, LoRA+ and Lamb share: for every factor of every pair in turn (A then B), its
/// gradient goes into its moments (`moments[2i]` for A of pair i, `moments[2i + 1]` for B), then
/// `body` updates the factor's elements `x` from the factor's `m` and `v`.
@inline(__always)
func updateEachFactor<S>(_ pairs: inout [LoRAPair<S>], gradients: [LoRAPair<S>], moments: inout [ElementwiseMoments<S>],
                         _ coefficients: MomentCoefficients<S>,
                         _ body: (_ factor: LoRAFactor, _ x: UnsafeMutableBufferPointer<S>,
                                  _ m: UnsafeBufferPointer<S>, _ v: UnsafeBufferPointer<S>) -> Void) {
    forEachFactor(&pairs, gradients: gradients) { index, factor, g, x in
        moments[index].accumulate(g, coefficients) { m, v in body(factor, x, m, v) }
    }
}
