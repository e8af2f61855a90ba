import Foundation
import LinearAlgebra

// The state of Adam's scaling (optax's `scale_by_adam`), which Adam, LoRA+, ScaledAdam, Lamb and
// pretraining's AdamW (FlatAdamW.swift) all keep, element-wise and in the parameters' precision:
//
//     m <- beta1 m + (1 - beta1) g,    v <- beta2 v + (1 - beta2) g^2
//
// The coefficients and what each optimizer does with m and v are written once in AdamUpdateRules.swift.

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
