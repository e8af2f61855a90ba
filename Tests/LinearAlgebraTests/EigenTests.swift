import LinearAlgebra
import NaiveReferences
import Testing

@Suite struct EigenTests {
    /// A symmetric matrix with eigenvalues `values` and random eigenvectors.
    static func symmetricDense(_ values: [Double], seed: UInt64) -> Dense {
        var rng = SplitMix64(seed: seed)
        let q = gramSchmidtQR(randomDense(values.count, values.count, &rng)).q
        return mul(q.map { zip($0, values).map { $0 * $1 } }, tr(q))
    }

    func check<S: LinearAlgebraScalar>(_: S.Type, _ precision: Precision, values: [Double]) throws {
        let input = Self.symmetricDense(values, seed: 8)
        let (w, v) = try Matrix<S>(dense: input).symmetricEigen()
        let n = values.count
        #expect(zip(w, w.dropFirst()).allSatisfy { $0 <= $1 }, "eigenvalues ascending")
        let scale = max(values.map(abs).max()!, 1)
        // Against the independent Jacobi method and the construction.
        let jacobi = jacobiEigen(input).values
        for i in 0 ..< n {
            #expect(abs(Double(w[i]) - jacobi[i]) < 10 * precision.tolerance * scale)
            #expect(abs(Double(w[i]) - values.sorted()[i]) < 10 * precision.tolerance * scale)
        }
        // V is orthogonal and V diag(w) V^T reproduces the input.
        #expect(maxAbsDifference(mul(tr(v.dense), v.dense), identityDense(n)) < 10 * precision.tolerance)
        let rebuilt = Matrix.fromEigenvectors(v, diagonal: w).dense
        #expect(maxAbsDifference(rebuilt, input) < 10 * precision.tolerance * scale)
    }

    static let spectra: [(String, [Double])] = [
        ("random", [-1.3, -0.2, 0.4, 0.9, 2.5, 3.1]),
        ("illConditioned", [1, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6]),
        ("rankDeficient", [0, 0, 0, 0.7, 4]),
        ("zero", [0, 0, 0, 0]),
        ("repeated", [2, 2, 2, 5]),
    ]

    @Test(arguments: Precision.allCases, spectra.indices)
    func eigendecompositionReconstructs(precision: Precision, index: Int) throws {
        let values = Self.spectra[index].1
        switch precision {
        case .float: try check(Float.self, precision, values: values)
        case .double: try check(Double.self, precision, values: values)
        }
    }

    @Test func twoByTwoClosedForm() throws {
        // [[a, b], [b, c]] has eigenvalues (a + c)/2 -+ sqrt(((a - c)/2)^2 + b^2).
        let (a, b, c) = (2.0, 1.5, -1.0)
        let (w, v) = try Matrix<Double>([[a, b], [b, c]]).symmetricEigen()
        let mid = (a + c) / 2, radius = (((a - c) / 2) * ((a - c) / 2) + b * b).squareRoot()
        #expect(abs(w[0] - (mid - radius)) < 1e-14)
        #expect(abs(w[1] - (mid + radius)) < 1e-14)
        // Column 1 is parallel to (b, lambda_1 - a).
        let (x, y) = (v[0, 1], v[1, 1])
        #expect(abs(x * (w[1] - a) - y * b) < 1e-14)
    }

    @Test func nonSquareAndNonFiniteInputsThrow() {
        #expect(throws: LinearAlgebraError.invalidShape(operation: "symmetricEigen", expected: "a square matrix", actual: "2 x 3")) {
            try Matrix<Double>(rows: 2, cols: 3).symmetricEigen()
        }
        var m = Matrix<Double>.identity(3)
        m[0, 2] = .nan
        #expect(throws: LinearAlgebraError.nonFiniteInput(routine: "dsyevd")) { try m.symmetricEigen() }
    }

    @Test func lapackErrorsNameRoutineAndInfo() {
        #expect(LinearAlgebraError.lapack(routine: "dsyevd", info: 3).description == "LAPACK dsyevd failed with info = 3")
    }
}
