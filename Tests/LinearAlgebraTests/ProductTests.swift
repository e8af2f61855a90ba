import LinearAlgebra
import NaiveReferences
import Testing

@Suite struct ProductTests {
    func checkGemm<S: LinearAlgebraScalar>(_: S.Type, _ precision: Precision, transposeA: Bool, transposeB: Bool) {
        var rng = SplitMix64(seed: 11)
        let (m, k, n) = (7, 5, 6)
        let a = randomDense(transposeA ? k : m, transposeA ? m : k, &rng)
        let b = randomDense(transposeB ? n : k, transposeB ? k : n, &rng)
        let c0 = randomDense(m, n, &rng)
        let (alpha, beta) = (0.75, -1.5)
        var c = Matrix<S>(dense: c0)
        Matrix.gemm(into: &c, Matrix<S>(dense: a), transposeA: transposeA, Matrix<S>(dense: b), transposeB: transposeB,
                    alpha: S(alpha), beta: S(beta))
        let opA = transposeA ? tr(a) : a
        let opB = transposeB ? tr(b) : b
        let expected = zip(mul(opA, opB), c0).map { zip($0, $1).map { alpha * $0 + beta * $1 } }
        #expect(maxAbsDifference(c.dense, expected) < 10 * precision.tolerance)
    }

    @Test(arguments: Precision.allCases, [(false, false), (true, false), (false, true), (true, true)])
    func gemmMatchesNaiveProduct(precision: Precision, transposes: (Bool, Bool)) {
        switch precision {
        case .float: checkGemm(Float.self, precision, transposeA: transposes.0, transposeB: transposes.1)
        case .double: checkGemm(Double.self, precision, transposeA: transposes.0, transposeB: transposes.1)
        }
    }

    @Test func gemmOnStridedViewsTouchesOnlyTheBlock() {
        // A 3 x 2 block at offset (1, 1) of a 5 x 4 buffer receives A (3 x 4) times B (4 x 2).
        var rng = SplitMix64(seed: 5)
        let a = randomDense(3, 4, &rng)
        let b = randomDense(4, 2, &rng)
        var buffer = [Double](repeating: 7, count: 20)
        let am = Matrix<Double>(dense: a)
        let bm = Matrix<Double>(dense: b)
        buffer.withUnsafeMutableBufferPointer { buf in
            let block = MutableMatrixView(buf.baseAddress! + 5, rows: 3, cols: 2, rowStride: 4)
            am.withView { av in bm.withView { bv in BLAS.gemm(block, av, bv) } }
        }
        let expected = mul(a, b)
        for i in 0 ..< 5 {
            for j in 0 ..< 4 {
                let value = buffer[i * 4 + j]
                if (1 ... 3).contains(i) && (1 ... 2).contains(j) {
                    #expect(abs(value - expected[i - 1][j - 1]) < 1e-13)
                } else {
                    #expect(value == 7)
                }
            }
        }
    }

    @Test(arguments: [false, true])
    func gemvMatchesNaiveProduct(transpose: Bool) {
        var rng = SplitMix64(seed: 3)
        let a = randomDense(4, 6, &rng)
        let x = (0 ..< (transpose ? 4 : 6)).map { _ in rng.symmetric() }
        let y = Matrix<Double>(dense: a).applied(to: x, transpose: transpose)
        let expected = mul(transpose ? tr(a) : a, x.map { [$0] }).map { $0[0] }
        #expect(maxAbsDifference([y], [expected]) < 1e-13)
    }

    @Test func normsHaveClosedForms() {
        let m = Matrix<Float>([[3, 4], [0, 0]])
        #expect(m.frobeniusNorm == 5)
        #expect(abs(m.rms - 2.5) < 1e-12)
        #expect(Matrix<Double>(rows: 0, cols: 3).rms == 0)
        #expect(Matrix<Double>([[1, 2], [3, 4]]).trace == 5)
    }

    @Test func blasIsSingleThreadedAndRepeatable() {
        var rng = SplitMix64(seed: 99)
        let a = Matrix<Float>(dense: randomDense(300, 200, &rng))
        let b = Matrix<Float>(dense: randomDense(200, 250, &rng))
        let first = a * b
        #expect(BLASRuntime.threadCount == 1)
        for _ in 0 ..< 3 { #expect(a * b == first) }
    }

    @Test func elementwiseArithmetic() {
        let a = Matrix<Double>([[1, 2], [3, 4]])
        let b = Matrix<Double>([[0.5, -1], [2, 0]])
        #expect((a + b) == Matrix([[1.5, 1], [5, 4]]))
        #expect((a - b) == Matrix([[0.5, 3], [1, 4]]))
        #expect((2 * a) == Matrix([[2, 4], [6, 8]]))
        #expect(a.hadamard(b) == Matrix([[0.5, -2], [6, 0]]))
        #expect(a.transposed == Matrix([[1, 3], [2, 4]]))
        #expect(Matrix<Double>([[1, 2], [4, 3]]).symmetrized == Matrix([[1, 3], [3, 3]]))
    }
}
