import Foundation

/// Where the damping epsilon of an inverse root goes.
public enum EpsilonPlacement: String, Sendable, Codable, CaseIterable {
    /// `(lambda + eps)^(-1/p)`: Shampoo's `(S + eps I)^(-1/p)`.
    case insideRoot
    /// `1 / (lambda^(1/p) + eps)`: Adam's `1 / (sqrt(v) + eps)`, used by LoRA-RITE's reference.
    case afterRoot
}

extension Matrix {
    /// `Q diag(d) Q^T` for a matrix `Q` whose columns are eigenvectors and a diagonal `d`.
    public static func fromEigenvectors(_ vectors: Matrix, diagonal d: [Scalar]) -> Matrix {
        precondition(vectors.cols == d.count, "fromEigenvectors: \(vectors.cols) vectors, \(d.count) values")
        var scaled = vectors
        for i in 0 ..< scaled.rows { for j in 0 ..< scaled.cols { scaled.storage[i * scaled.cols + j] *= d[j] } }
        return product(scaled, vectors, transposeB: true)
    }

    /// The inverse p-th root `X^(-1/p)` of a symmetric positive semi-definite matrix, with an
    /// additive `epsilon` placed inside or after the root (see `EpsilonPlacement`).
    ///
    /// The input is symmetrised first. Eigenvalues that round-off made slightly negative are
    /// clamped to zero, since the input is PSD by contract (an optimizer that must reproduce a
    /// reference's NaN on negative eigenvalues works from `symmetricEigen` directly). With
    /// `epsilon = 0`, a singular input gives infinite entries; callers that allow that check
    /// `isFinite`. Powers are taken in Double whatever the scalar type.
    public func inversePthRoot(p: Double, epsilon: Double, placement: EpsilonPlacement = .insideRoot) throws -> Matrix {
        guard isSquare else {
            throw LinearAlgebraError.invalidShape(operation: "inversePthRoot", expected: "a square matrix", actual: shapeDescription)
        }
        precondition(p > 0, "inversePthRoot: p must be positive, got \(p)")
        let (values, vectors) = try symmetrized.symmetricEigen()
        let d = values.map { value -> Scalar in
            let lambda = Swift.max(Double(value), 0)
            switch placement {
            case .insideRoot: return Scalar(pow(lambda + epsilon, -1 / p))
            case .afterRoot: return Scalar(1 / (pow(lambda, 1 / p) + epsilon))
            }
        }
        return Self.fromEigenvectors(vectors, diagonal: d).symmetrized
    }

    /// The Moore-Penrose pseudo-inverse (`n x m` for an `m x n` input), by SVD. Singular values at
    /// or below `max(m, n) * epsilon * sigma_max` count as zero (the usual default cutoff,
    /// with `epsilon` the machine epsilon of the data), so a zero matrix, such as the `R` of
    /// a LoRA factor initialised to zero, has the zero matrix as its pseudo-inverse: exactly zero,
    /// never NaN. `epsilon` defaults to this scalar's `ulp(1)`; a matrix computed in Double from
    /// Float data passes `Float.ulpOfOne`, since singular values below the data's own precision
    /// are rounding noise, and inverting them turns noise into huge, meaningless directions.
    public func pseudoInverse(epsilon: Scalar = Scalar.ulpOfOne) throws -> Matrix {
        let (m, n) = (rows, cols)
        if storage.allSatisfy({ $0 == 0 }) {
            guard isFinite else { throw LinearAlgebraError.nonFiniteInput(routine: Scalar.lapackPrefix + "gesdd") }
            return Matrix(rows: n, cols: m)
        }
        let (u, s, vt) = try singularValueDecomposition()
        let sigmaMax = s.first ?? 0
        let cutoff = Scalar(Swift.max(m, n)) * epsilon * sigmaMax
        // pinv = V diag(1/s) U^T: scale the rows of V^T, then (scaled V^T)^T U^T.
        var scaledVt = vt
        for i in 0 ..< s.count {
            let inverse: Scalar = s[i] > cutoff ? 1 / s[i] : 0
            for j in 0 ..< n { scaledVt.storage[i * n + j] *= inverse }
        }
        return Self.product(scaledVt, transposeA: true, u, transposeB: true)
    }
}
