/// Failures of the numerical routines. Bad numbers never crash the process: they surface here,
/// and callers (an optimizer step, a training run) decide what they mean.
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A LAPACK routine returned a non-zero `info` (negative: argument `-info` was illegal;
    /// positive: the algorithm did not converge or the matrix is singular, per the routine's docs).
    case lapack(routine: String, info: Int32)
    /// The input held NaN or infinity, so the routine was not called.
    case nonFiniteInput(routine: String)
    /// The operation needs another shape.
    case invalidShape(operation: String, expected: String, actual: String)

    public var description: String {
        switch self {
        case let .lapack(routine, info):
            return "LAPACK \(routine) failed with info = \(info)"
        case let .nonFiniteInput(routine):
            return "\(routine): input contains NaN or infinity"
        case let .invalidShape(operation, expected, actual):
            return "\(operation): expected \(expected), got \(actual)"
        }
    }
}
