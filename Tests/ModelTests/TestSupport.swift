import RiteCore
import Foundation
import LinearAlgebra
@testable import Model

/// A small configuration with sizes that are not multiples of the SIMD width, so every kernel's
/// tail path runs: d = 12 (2 heads of 6), MLP 20, vocabulary 23, context 9.
let oddConfig = ModelConfig(vocabularySize: 23, contextLength: 9, width: 12, layers: 2, heads: 2, mlpWidth: 20)

/// Deterministic uniform numbers in [-scale, scale).
func randomFloats(_ count: Int, scale: Float = 1, seed: UInt64) -> [Float] {
    var rng = SeededGenerator(seed: seed)
    return (0 ..< count).map { _ in Float(rng.nextUniform(-1, 1)) * scale }
}

func randomTokens(_ count: Int, vocabulary: Int, seed: UInt64) -> [Int32] {
    var rng = SeededGenerator(seed: seed)
    return (0 ..< count).map { _ in Int32(rng.nextIndex(vocabulary)) }
}

/// A model whose parameters are all perturbed away from the GPT-2 initialisation (so biases and
/// LayerNorm parameters are not trivially 0 and 1) and, if `lora` is given, with adapters whose
/// B is random too (B = 0 would make every A gradient vanish).
func perturbedModel(_ config: ModelConfig, maxBatch: Int, lora: LoRAConfig? = nil, seed: UInt64 = 1, scale: Float = 0.3) -> Transformer {
    let model = Transformer(config: config, maxBatch: maxBatch, seed: seed)
    let noise = randomFloats(model.parameterCount, scale: scale, seed: seed &+ 100)
    model.withParameters { p in for i in p.indices { p[i] += noise[i] } }
    if let lora {
        model.attachLoRA(lora, seed: seed &+ 200)
        var rng = SeededGenerator(seed: seed &+ 300)
        for i in model.loraPairs.indices {
            let b = model.loraPairs[i].b
            model.loraPairs[i].b = Matrix(rows: b.rows, cols: b.cols) { _, _ in Float(rng.nextUniform(-0.5, 0.5)) }
        }
    }
    return model
}

func loss(_ model: Transformer, _ tokens: [Int32], _ targets: [Int32], batch: Int, length: Int) -> Float {
    tokens.withUnsafeBufferPointer { x in
        targets.withUnsafeBufferPointer { y in model.forward(tokens: x, targets: y, batch: batch, length: length) }
    }
}

@discardableResult
func lossAndGradients(_ model: Transformer, _ tokens: [Int32], _ targets: [Int32], batch: Int, length: Int, mode: GradientMode) -> Float {
    tokens.withUnsafeBufferPointer { x in
        targets.withUnsafeBufferPointer { y in model.forwardBackward(tokens: x, targets: y, batch: batch, length: length, mode: mode) }
    }
}

/// ||a - b|| / ||b|| (b is the reference).
func relativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    var diff = 0.0, norm = 0.0
    for (x, y) in zip(a, b) {
        diff += (x - y) * (x - y)
        norm += y * y
    }
    return (diff / max(norm, 1e-300)).squareRoot()
}

/// Central differences of `loss` w.r.t. the coordinates `indices` of a Float buffer, with the
/// loss evaluated in Double. `set(i, value)` writes coordinate i; `get(i)` reads it.
func centralDifferences(
    _ indices: [Int], step: Float, get: (Int) -> Float, set: (Int, Float) -> Void, loss: () -> Double
) -> [Double] {
    indices.map { i in
        let saved = get(i)
        set(i, saved + step)
        let plus = loss()
        set(i, saved - step)
        let minus = loss()
        set(i, saved)
        // The actual perturbation after rounding to Float.
        let h = Double(saved + step) - Double(saved - step)
        return (plus - minus) / h
    }
}

/// Every `stride`-th index of 0 ..< count, starting at `offset`.
func sampledIndices(_ count: Int, stride: Int, offset: Int = 0) -> [Int] {
    Array(Swift.stride(from: offset % max(stride, 1), to: count, by: stride))
}

/// A heap buffer of Floats with a stable address, for calling the raw-pointer kernels.
final class Buffer {
    let p: UnsafeMutablePointer<Float>
    let count: Int

    init(_ values: [Float]) {
        count = values.count
        p = .allocate(capacity: max(count, 1))
        p.initialize(from: values, count: count)
    }

    convenience init(zeros count: Int) { self.init([Float](repeating: 0, count: count)) }
    convenience init(nans count: Int) { self.init([Float](repeating: .nan, count: count)) }

    deinit { p.deallocate() }

    var values: [Float] { Array(UnsafeBufferPointer(start: p, count: count)) }
    subscript(i: Int) -> Float {
        get { p[i] }
        set { p[i] = newValue }
    }

    func view(_ rows: Int, _ cols: Int) -> MatrixView<Float> { MatrixView(UnsafePointer(p), rows: rows, cols: cols) }
    func mutableView(_ rows: Int, _ cols: Int) -> MutableMatrixView<Float> { MutableMatrixView(p, rows: rows, cols: cols) }
    func assign(_ values: [Float]) { p.update(from: values, count: count) }
}
