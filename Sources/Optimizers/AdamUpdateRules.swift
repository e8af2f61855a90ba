import Foundation
import LinearAlgebra

// The small transformations the element-wise optimizers are composed of, as optax composes its
// gradient transformations. With t = k + 1 the 1-based step, element-wise:
//
//     moments               m <- beta1 m + (1 - beta1) g,  v <- beta2 v + (1 - beta2) g^2
//     bias correction       c = 1 - beta^t
//     Adam direction        u = (m / c1) / (sqrt(v / c2) + eps)          (optax scale_by_adam)
//       with c1 folded      u = m / (sqrt(v) / sqrt(c2) + eps),  step eta / c1   (PyTorch Adam)
//     decayed weights       u <- u + lambda X                            (optax add_decayed_weights)
//     decoupled decay       X <- X (1 - eta lambda) before the step      (PyTorch AdamW)
//                           X <- X - (eta lambda) X after the step       (ScaledAdam's reference)
//     trust ratio           rho = ||X|| / ||u||, 1 if either is 0        (optax scale_by_trust_ratio)
//
// So Adam/LoRA+ = moments, folded direction, decoupled decay before; ScaledAdam = moments of the
// preconditioned gradient, folded direction with sqrt(c2) = 1, decay after; Lamb = moments,
// direction, decayed weights, trust ratio; pretraining's AdamW = moments, direction, decayed
// weights (`adamWUpdate`, at the end). The forms are not interchangeable bit for bit (x (1 - a) is not x - a x in floating
// point), so each optimizer keeps the form its reference computes. Every function keeps the exact
// order of operations its callers had; the parameters' precision is `S` unless a type says Double.

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

/// Adam's bias-corrected direction of one element, `(m / c1) / (sqrt(v / c2) + eps)`, with the
/// corrections `c1 = 1 - beta1^t` and `c2 = 1 - beta2^t` rounded to `S`.
@inline(__always)
func adamDirection<S: LinearAlgebraScalar>(_ m: S, _ v: S, correction1: S, correction2: S, epsilon: S) -> S {
    (m / correction1) / ((v / correction2).squareRoot() + epsilon)
}

/// Adam's direction with the first correction left to the step size (`eta / c1`) and the root of
/// the second taken once per step: `m / (sqrt(v) / sqrt(c2) + eps)`. With `sqrt(c2) = 1` it is the
/// uncorrected `m / (sqrt(v) + eps)` exactly (a division by 1 is exact).
@inline(__always)
func adamDirectionFoldedCorrection<S: LinearAlgebraScalar>(_ m: S, _ v: S, correction2Root: S, epsilon: S) -> S {
    m / (v.squareRoot() / correction2Root + epsilon)
}

/// `u + lambda x`: weight decay added to the direction, before any trust ratio or learning rate.
@inline(__always)
func addDecayedWeights<S: LinearAlgebraScalar>(_ u: S, parameter x: S, rate lambda: S) -> S { u + lambda * x }

/// The factor `1 - eta lambda` (rounded once to `S`) PyTorch's AdamW multiplies the parameters by
/// before its step.
@inline(__always)
func decoupledDecayFactor<S: LinearAlgebraScalar>(learningRate eta: Double, weightDecay lambda: Double) -> S {
    S(1 - eta * lambda)
}

/// `x - d x` with `d = eta lambda` rounded to `S`: decoupled decay applied after the step.
@inline(__always)
func decayedAfterStep<S: LinearAlgebraScalar>(_ x: S, by d: S) -> S { x - d * x }

/// Lamb's trust ratio of one tensor, `||x|| / ||u||` with the sums of squares accumulated in
/// Double; 1 when either norm is zero (optax's semantics: no clamp, trust coefficient 1).
@inline(__always)
func trustRatio<S: LinearAlgebraScalar>(parameter x: UnsafeBufferPointer<S>, update u: UnsafeBufferPointer<S>) -> Double {
    let parameterNorm = squaredNorm(x).squareRoot(), updateNorm = squaredNorm(u).squareRoot()
    return parameterNorm == 0 || updateNorm == 0 ? 1 : parameterNorm / updateNorm
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

/// AdamW over one contiguous range (optax's `adamw`: Adam's moments and direction, plus decayed
/// weights, times the learning rate), the inner loop of FlatAdamW:
/// `x <- x - eta (adamDirection(m, v) + lambda x)` after the moments take in `g * gradientScale`.
/// Here beside the pieces it inlines, and specialised for both precisions, because a debug build
/// compiles file by file: a generic piece called from another file runs unspecialised per element
/// (measured 15 times slower than the same loop with everything in one file).
@_specialize(where S == Float)
@_specialize(where S == Double)
func adamWUpdate<S: LinearAlgebraScalar>(_ x: UnsafeMutableBufferPointer<S>, gradients g: UnsafeBufferPointer<S>, gradientScale: S,
                                         first m: UnsafeMutableBufferPointer<S>, second v: UnsafeMutableBufferPointer<S>,
                                         _ coefficients: MomentCoefficients<S>, correction1: S, correction2: S, epsilon: S,
                                         learningRate eta: S, weightDecay lambda: S) {
    for i in 0 ..< x.count {
        coefficients.accumulate(g[i] * gradientScale, first: &m[i], second: &v[i])
        let direction = adamDirection(m[i], v[i], correction1: correction1, correction2: correction2, epsilon: epsilon)
        x[i] -= eta * addDecayedWeights(direction, parameter: x[i], rate: lambda)
    }
}
