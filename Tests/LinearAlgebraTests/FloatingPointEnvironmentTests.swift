import LinearAlgebra
import Testing

/// Opaque to the optimiser, so the products below are computed at run time, on this thread.
@inline(never) func multiplied<T: BinaryFloatingPoint>(_ x: T, _ y: T) -> T { x * y }

@Suite struct FloatingPointEnvironmentTests {
    @Test func subnormalsAreFlushedInsideTheScopeOnlyAndTheStateIsRestored() throws {
        try #require(FloatingPointEnvironment.canFlushSubnormals, "x86-64 and AArch64 have flush bits")
        #expect(!FloatingPointEnvironment.flushesSubnormals, "threads start without flushing")
        // 1e-20 * 1e-20 = 1e-40 is subnormal in Float (the smallest normal is about 1.18e-38).
        let tiny: Float = 1e-20
        #expect(multiplied(tiny, tiny) == 1e-40 && multiplied(tiny, tiny).isSubnormal)
        let subnormal: Float = 1e-40
        let normal = multiplied(Float(1e-18), 1e-18)
        #expect(normal.isNormal)
        FloatingPointEnvironment.withSubnormalsFlushed {
            #expect(FloatingPointEnvironment.flushesSubnormals)
            #expect(multiplied(tiny, tiny) == 0, "a subnormal result becomes zero")
            #expect(multiplied(subnormal, 1e30) == 0, "a subnormal input reads as zero")
            #expect(multiplied(Double(1e-200), 1e-200) == 0, "Double too")
            #expect(multiplied(Float(1e-18), 1e-18) == normal, "normal results are untouched")
            // BLAS runs on the calling thread, so its products see the same setting.
            var c = Matrix<Float>(rows: 1, cols: 1)
            Matrix.gemm(into: &c, Matrix(rows: 1, cols: 1, storage: [subnormal]), Matrix(rows: 1, cols: 1, storage: [1e30]))
            #expect(c.storage == [0])
        }
        #expect(!FloatingPointEnvironment.flushesSubnormals)
        #expect(multiplied(tiny, tiny).isSubnormal)
        var c = Matrix<Float>(rows: 1, cols: 1)
        Matrix.gemm(into: &c, Matrix(rows: 1, cols: 1, storage: [subnormal]), Matrix(rows: 1, cols: 1, storage: [1e30]))
        #expect(abs(c.storage[0] - 1e-10) <= 1e-10 * 1e-4, "without the flush, sgemm keeps the subnormal input")
    }

    @Test func theScopeIsRestoredWhenTheBodyThrows() {
        struct Stop: Error {}
        #expect(throws: Stop.self) { try FloatingPointEnvironment.withSubnormalsFlushed { throw Stop() } }
        #expect(!FloatingPointEnvironment.flushesSubnormals)
    }
}
