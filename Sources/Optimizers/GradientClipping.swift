import LinearAlgebra

/// Clips raw gradients to a global norm, as the Hugging Face trainer does for the baselines
/// (`max_grad_norm = 1.0`), before the optimizer sees them:
///
///     n = sqrt(sum over pairs of ||grad A||^2 + ||grad B||^2),   c = min(1, maxNorm / (n + 1e-6)),   g <- c g
///
/// The gradients are scaled only when c < 1. Returns the norm before clipping (NaN or infinite if a
/// gradient is; the gradients are then left alone and the optimizer step reports them). This is a
/// training setting, not part of an optimizer: LoRA-RITE clips its unmagnified gradients internally
/// instead (`OptimizerFactory.usesTrainerGradientClipping`).
@discardableResult
@_specialize(exported: true, where S == Float)
@_specialize(exported: true, where S == Double)
public func clipGlobalNorm<S: LinearAlgebraScalar>(_ gradients: inout [LoRAPair<S>], maxNorm: Double) -> Double {
    let norm = gradients.reduce(0.0) { $0 + $1.a.squaredFrobeniusNorm + $1.b.squaredFrobeniusNorm }.squareRoot()
    guard norm.isFinite else { return norm }
    let coefficient = maxNorm / (norm + 1e-6)
    if coefficient < 1 {
        let c = S(coefficient)
        for i in gradients.indices {
            gradients[i].a.scale(by: c)
            gradients[i].b.scale(by: c)
        }
    }
    return norm
}
