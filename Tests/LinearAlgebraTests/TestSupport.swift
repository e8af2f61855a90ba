import LinearAlgebra
import NaiveReferences
import Testing

// Bridges between the library's matrices and the shared naive references (NaiveReferences).

/// Conversions to and from the naive references' nested arrays.
extension Matrix {
    init(dense: Dense) { self.init(dense.map { $0.map { Scalar($0) } }) }
    var dense: Dense { nestedRows.map { $0.map { Double($0) } } }
}

/// The two precisions every test runs in, with the tolerance that makes sense for each.
enum Precision: String, CaseIterable, CustomTestStringConvertible {
    case float, double
    var testDescription: String { rawValue }
    /// A tolerance for backward-stable results, relative to the data's scale.
    var tolerance: Double { self == .float ? 2e-5 : 1e-12 }
}
