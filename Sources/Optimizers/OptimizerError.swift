import LinearAlgebra

/// What can go wrong when making or stepping an optimizer. Bad numbers are data: a step that
/// throws leaves parameters and optimizer state as they were, and the training loop decides what
/// the failure means (a run whose gradients are not finite is recorded as diverged).
public enum OptimizerError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownOptimizer(name: String, known: [String])
    case unknownHyperparameter(optimizer: String, name: String, known: [String])
    /// `value` as written in messages (`1.5`, `"fast"`, `true`), `allowed` as in "a number in [0, 1)".
    case invalidHyperparameter(name: String, value: String, allowed: String)
    /// A gradient held NaN or infinity; `factor` is "A" or "B". Nothing was updated.
    case nonFiniteGradient(pair: Int, factor: String)
    /// The pairs or gradients given to `step` do not match the shapes the optimizer was made for.
    case shapeMismatch(what: String, expected: String, actual: String)
    /// The optimizer cannot handle this shape at all (LoRA-RITE needs rank <= in and out features).
    case unsupportedShape(optimizer: String, reason: String)
    /// The learning rate of a step was negative or not finite.
    case invalidLearningRate(Double)
    /// A decomposition failed on finite input (a LAPACK error), or its input overflowed.
    case linearAlgebra(LinearAlgebraError)

    public var description: String {
        switch self {
        case let .unknownOptimizer(name, known):
            return "unknown optimizer \"\(name)\"; known optimizers: \(known.joined(separator: ", "))"
        case let .unknownHyperparameter(optimizer, name, known):
            return "optimizer \(optimizer) has no hyper-parameter \"\(name)\"; known: \(known.joined(separator: ", "))"
        case let .invalidHyperparameter(name, value, allowed):
            return "invalid hyper-parameter \(name) = \(value): expected \(allowed)"
        case let .nonFiniteGradient(pair, factor):
            return "the gradient of pair \(pair), factor \(factor) holds NaN or infinity; parameters and optimizer state are unchanged"
        case let .shapeMismatch(what, expected, actual):
            return "shape mismatch in \(what): expected \(expected), got \(actual)"
        case let .unsupportedShape(optimizer, reason):
            return "\(optimizer) cannot handle this shape: \(reason)"
        case let .invalidLearningRate(rate):
            return "invalid learning rate \(rate): expected a finite number >= 0"
        case let .linearAlgebra(error):
            return "numerical failure: \(error)"
        }
    }
}

/// Runs `body`, turning a `LinearAlgebraError` into `OptimizerError.linearAlgebra`.
@inline(__always)
func wrappingLinearAlgebra<R>(_ body: () throws -> R) throws -> R {
    do { return try body() } catch let error as LinearAlgebraError { throw OptimizerError.linearAlgebra(error) }
}
