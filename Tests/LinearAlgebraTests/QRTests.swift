import Foundation
import LinearAlgebra
import NaiveReferences
import Testing

/// The input families every decomposition is tried on.
enum InputFamily: String, CaseIterable, CustomTestStringConvertible {
    case random, illConditioned, rankDeficient, zero
    var testDescription: String { rawValue }

    /// An `m x n` matrix of this family (condition number 1e6 for `illConditioned`, rank 2 for
    /// `rankDeficient`).
    func dense(_ m: Int, _ n: Int, seed: UInt64) -> Dense {
        var rng = SplitMix64(seed: seed)
        let k = min(m, n)
        switch self {
        case .random: return randomDense(m, n, &rng)
        case .illConditioned:
            let sigma = (0 ..< k).map { i in pow(10, -6.0 * Double(i) / Double(k - 1)) }
            return denseWithSingularValues(m, n, sigma, &rng)
        case .rankDeficient: return denseWithSingularValues(m, n, [3, 0.5], &rng)
        case .zero: return Array(repeating: Array(repeating: 0, count: n), count: m)
        }
    }
}

@Suite struct QRTests {
    func check<S: LinearAlgebraScalar>(_: S.Type, _ precision: Precision, _ family: InputFamily) throws {
        let (m, n) = (12, 5)
        let input = family.dense(m, n, seed: 21)
        let (q, r) = try Matrix<S>(dense: input).thinQR()
        #expect(q.rows == m && q.cols == n && r.rows == n && r.cols == n)
        // Q^T Q = I whatever the conditioning (Householder QR is backward stable).
        let qtq = mul(tr(q.dense), q.dense)
        #expect(maxAbsDifference(qtq, identityDense(n)) < 10 * precision.tolerance)
        // R is upper triangular, exactly.
        for i in 0 ..< n { for j in 0 ..< i { #expect(r[i, j] == 0) } }
        // Q R reproduces the input.
        let scale = max(fro(input), 1)
        #expect(maxAbsDifference(mul(q.dense, r.dense), input) < 10 * precision.tolerance * scale)
        // |diag R| are the norms Gram-Schmidt gives for full-rank input (an independent check of R).
        if family == .random {
            let gs = gramSchmidtQR(input).q
            let rReference = mul(tr(gs), input)
            for i in 0 ..< n { #expect(abs(abs(Double(r[i, i])) - abs(rReference[i][i])) < 10 * precision.tolerance) }
        }
        if family == .zero {
            #expect(r.storage.allSatisfy { $0 == 0 })
            #expect(q.dense == Array(identityDense(m)[0 ..< m]).map { Array($0[0 ..< n]) })
        }
    }

    @Test(arguments: Precision.allCases, InputFamily.allCases)
    func thinQRIsOrthonormalAndReproducesInput(precision: Precision, family: InputFamily) throws {
        switch precision {
        case .float: try check(Float.self, precision, family)
        case .double: try check(Double.self, precision, family)
        }
    }

    @Test func illConditionedFamilyHasTheAdvertisedConditionNumber() throws {
        let s = try Matrix<Double>(dense: InputFamily.illConditioned.dense(12, 5, seed: 21)).singularValueDecomposition().s
        #expect(abs(s[0] / s[4] / 1e6 - 1) < 1e-6)
    }

    @Test func wideInputIsRefusedWithItsShape() {
        #expect(throws: LinearAlgebraError.invalidShape(operation: "thinQR", expected: "rows >= cols", actual: "2 x 3")) {
            try Matrix<Double>(rows: 2, cols: 3).thinQR()
        }
    }

    @Test func nonFiniteInputThrowsNamingTheRoutine() {
        var m = Matrix<Float>(rows: 4, cols: 2, repeating: 1)
        m[2, 1] = .nan
        #expect(throws: LinearAlgebraError.nonFiniteInput(routine: "sgeqrf")) { try m.thinQR() }
        m[2, 1] = .infinity
        #expect(throws: LinearAlgebraError.nonFiniteInput(routine: "sgeqrf")) { try m.thinQR() }
    }
}
