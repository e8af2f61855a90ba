import Foundation
import LinearAlgebra
import NaiveReferences
import Testing

@Suite struct InverseRootTests {
    func checkInverseSquareRoot<S: LinearAlgebraScalar>(_: S.Type, _ precision: Precision) throws {
        // Well conditioned SPD: eigenvalues in [0.5, 3].
        let x = EigenTests.symmetricDense([0.5, 0.8, 1.2, 2, 3], seed: 4)
        let root = try Matrix<S>(dense: x).inversePthRoot(p: 2, epsilon: 0)
        let product = mul(mul(root.dense, root.dense), x)
        #expect(maxAbsDifference(product, identityDense(5)) < 20 * precision.tolerance)
        // p = 4: (X^{-1/4})^4 X = I.
        let fourth = try Matrix<S>(dense: x).inversePthRoot(p: 4, epsilon: 0).dense
        let squared = mul(fourth, fourth)
        #expect(maxAbsDifference(mul(mul(squared, squared), x), identityDense(5)) < 40 * precision.tolerance)
    }

    @Test(arguments: Precision.allCases)
    func inverseRootTimesItselfTimesInputIsIdentity(precision: Precision) throws {
        switch precision {
        case .float: try checkInverseSquareRoot(Float.self, precision)
        case .double: try checkInverseSquareRoot(Double.self, precision)
        }
    }

    @Test func epsilonPlacementClosedForms() throws {
        // A rotated diag(4, 9): the eigenvalue map is applied in the eigenbasis.
        let x = EigenTests.symmetricDense([4, 9], seed: 2)
        let (values, vectors) = try Matrix<Double>(dense: x).symmetricEigen()
        let eps = 0.25
        let inside = try Matrix<Double>(dense: x).inversePthRoot(p: 2, epsilon: eps, placement: .insideRoot)
        let after = try Matrix<Double>(dense: x).inversePthRoot(p: 2, epsilon: eps, placement: .afterRoot)
        let insideExpected = Matrix.fromEigenvectors(vectors, diagonal: values.map { 1 / ($0 + eps).squareRoot() })
        let afterExpected = Matrix.fromEigenvectors(vectors, diagonal: values.map { 1 / ($0.squareRoot() + eps) })
        #expect(maxAbsDifference(inside.dense, insideExpected.dense) < 1e-14)
        #expect(maxAbsDifference(after.dense, afterExpected.dense) < 1e-14)
        // And on an exactly diagonal input, entry by entry.
        let d = Matrix<Double>([[4, 0], [0, 9]])
        let di = try d.inversePthRoot(p: 2, epsilon: eps, placement: .insideRoot)
        let da = try d.inversePthRoot(p: 2, epsilon: eps, placement: .afterRoot)
        #expect(abs(di[0, 0] - 1 / 4.25.squareRoot()) < 1e-15 && abs(di[1, 1] - 1 / 9.25.squareRoot()) < 1e-15)
        #expect(abs(da[0, 0] - 1 / 2.25) < 1e-15 && abs(da[1, 1] - 1 / 3.25) < 1e-15)
        #expect(di[0, 1] == 0 && da[1, 0] == 0)
    }

    @Test func singularInputWithEpsilonIsFinite() throws {
        let x = EigenTests.symmetricDense([0, 0, 1], seed: 6)
        let root = try Matrix<Double>(dense: x).inversePthRoot(p: 4, epsilon: 1e-6)
        #expect(root.isFinite)
        // On the null space the root is eps^{-1/4}.
        let (values, _) = try root.symmetricEigen()
        #expect(abs(values[2] - pow(1e-6, -0.25)) < 1e-9 * pow(1e-6, -0.25))
    }
}

@Suite struct PseudoInverseTests {
    /// The four Moore-Penrose conditions, checked in Double.
    func checkPenroseIdentities(_ a: Dense, _ pinv: Dense, tolerance: Double) {
        let apa = mul(mul(a, pinv), a)
        let pap = mul(mul(pinv, a), pinv)
        let ap = mul(a, pinv)
        let pa = mul(pinv, a)
        let scale = max(fro(a), 1) * max(fro(pinv), 1)
        #expect(maxAbsDifference(apa, a) < tolerance * scale)
        #expect(maxAbsDifference(pap, pinv) < tolerance * scale)
        #expect(maxAbsDifference(ap, tr(ap)) < tolerance * scale)
        #expect(maxAbsDifference(pa, tr(pa)) < tolerance * scale)
    }

    func check<S: LinearAlgebraScalar>(_: S.Type, _ precision: Precision, _ family: InputFamily) throws {
        for (m, n) in [(6, 6), (7, 4), (4, 7)] {
            let a = family.dense(m, n, seed: 31)
            let pinv = try Matrix<S>(dense: a).pseudoInverse()
            #expect(pinv.rows == n && pinv.cols == m)
            #expect(pinv.isFinite)
            // The ill-conditioned family amplifies round-off by its condition number (1e6).
            let tolerance = (family == .illConditioned ? 1e6 : 1) * 100 * precision.tolerance
            if family == .illConditioned && precision == .float { continue } // 1e6 exceeds Float's range of meaning
            checkPenroseIdentities(a, pinv.dense, tolerance: tolerance)
        }
    }

    @Test(arguments: Precision.allCases, InputFamily.allCases)
    func penroseIdentitiesHold(precision: Precision, family: InputFamily) throws {
        switch precision {
        case .float: try check(Float.self, precision, family)
        case .double: try check(Double.self, precision, family)
        }
    }

    @Test func pseudoInverseOfInvertibleIsTheInverse() throws {
        var rng = SplitMix64(seed: 12)
        let a = mul(randomDense(5, 5, &rng), identityDense(5)).enumerated().map { i, row in
            row.enumerated().map { j, x in x + (i == j ? 3 : 0) }
        }
        let pinv = try Matrix<Double>(dense: a).pseudoInverse()
        #expect(maxAbsDifference(pinv.dense, gaussJordanInverseDense(a)) < 1e-13)
    }

    @Test func zeroMatrixHasExactlyZeroPseudoInverse() throws {
        // A LoRA factor B = 0 has R = 0: its pseudo-inverse must be exactly zero, never NaN.
        let r = Matrix<Float>(rows: 16, cols: 16)
        let pinv = try r.pseudoInverse()
        #expect(pinv.storage.allSatisfy { $0 == 0 && $0.sign == .plus })
        let (_, rOfZero) = try Matrix<Double>(rows: 64, cols: 16).thinQR()
        #expect(try rOfZero.pseudoInverse().storage.allSatisfy { $0 == 0 })
    }

    @Test func singularValuesBelowCutoffAreDropped() throws {
        // diag(1, 1e-20): the second value is below max(m,n) * eps * sigma_max and is dropped.
        let pinv = try Matrix<Double>([[1, 0], [0, 1e-20]]).pseudoInverse()
        #expect(abs(pinv[0, 0] - 1) < 1e-15)
        #expect(pinv[1, 1] == 0)
    }

    @Test func cutoffFollowsTheDataPrecision() throws {
        // diag(1, 1e-5, 1e-9) in Double. Double's cutoff, 3 * 2.2e-16, keeps all three; a Float factor
        // converted to Double passes Float's epsilon, whose cutoff 3 * 1.19e-7 = 3.6e-7 drops 1e-9 (below
        // the rounding noise of a Float entry of size 1) and keeps 1e-5.
        let d = Matrix<Double>([[1, 0, 0], [0, 1e-5, 0], [0, 0, 1e-9]])
        let full = try d.pseudoInverse()
        #expect(abs(full[1, 1] - 1e5) <= 1e-10 * 1e5 && abs(full[2, 2] - 1e9) <= 1e-10 * 1e9)
        let cut = try d.pseudoInverse(epsilon: Double(Float.ulpOfOne))
        #expect(abs(cut[0, 0] - 1) <= 1e-15 && abs(cut[1, 1] - 1e5) <= 1e-10 * 1e5)
        #expect(cut[2, 2] == 0)
    }
}
