import RiteCore
import LinearAlgebra

/// A GPT-2-style decoder-only transformer in Float32 with hand-written forward and backward:
/// token + learned position embeddings, pre-norm blocks (LayerNorm, causal multi-head
/// attention, LayerNorm, GELU MLP), a final LayerNorm and a language-model head tied to the
/// token embedding. LoRA adapters can sit on q, k, v and o of every block.
///
/// Every buffer is allocated in `init` (and `attachLoRA`) for (maxBatch, contextLength); a pass
/// over any B <= maxBatch, T <= contextLength reuses the leading rows. Not thread-safe: one
/// instance per training run.
public final class Transformer {
    public let config: ModelConfig
    public let maxBatch: Int
    /// Names, shapes and offsets of the base parameters in the flat buffers.
    public let layout: ParameterLayout

    let pool = BufferPool()
    /// The flat base parameters, `layout.count` floats in layout order.
    let parameterBuffer: UnsafeMutablePointer<Float>
    /// Gradient of every base parameter (written by `.allWeights` passes only).
    let gradientBuffer: UnsafeMutablePointer<Float>
    let acts: Activations

    /// The attached adapters, if any.
    public private(set) var lora: LoRAConfig?
    /// The LoRA factors, ordered layer-major then q, k, v, o (only the configured targets).
    /// Mutate in place (`model.loraPairs[i].a...` or pass `&model.loraPairs`); shapes must stay.
    public var loraPairs: [LoRAPair<Float>] = []
    /// Gradients of the LoRA factors from the last `.lora` pass, in the order of `loraPairs`.
    /// Release copies before the next pass, or the pass writes into a fresh copy.
    public internal(set) var loraGradients: [LoRAPair<Float>] = []
    var loraPool: BufferPool?
    var loraActs: LoRAActivations?
    /// Whether the adapters' merged weights were formed from the current base weights (the staged
    /// factors are compared with `loraPairs` at every pass).
    var mergedWeightsAreCurrent = false
    /// Keys and values for cached inference passes, allocated on the first one.
    var inferenceCache: KeyValueCache?

    /// A randomly initialised model (GPT-2 initialisation: weights N(0, 0.02), the two residual
    /// output projections N(0, 0.02 / sqrt(2 layers)), biases 0, LayerNorm gains 1), drawn in
    /// layout order from `seed`.
    public init(config: ModelConfig, maxBatch: Int, seed: UInt64) {
        do { try config.validate() } catch { preconditionFailure("Transformer: \(error)") }
        precondition(maxBatch >= 1, "Transformer: maxBatch = \(maxBatch); expected at least 1")
        self.config = config
        self.maxBatch = maxBatch
        self.layout = ParameterLayout(config: config)
        parameterBuffer = pool.floats(layout.count)
        gradientBuffer = pool.floats(layout.count)
        acts = Activations(config: config, maxBatch: maxBatch, pool: pool)
        var rng = SeededGenerator(seed: seed)
        let residualStd = 0.02 / (2 * Double(config.layers)).squareRoot()
        for entry in layout.entries {
            let p = parameterBuffer + entry.offset
            if entry.name.hasSuffix("ln1.weight") || entry.name.hasSuffix("ln2.weight") || entry.name == "lnf.weight" {
                p.update(repeating: 1, count: entry.count)
            } else if entry.isMatrix {
                let isResidualProjection = entry.name.hasSuffix("attn.proj.weight") || entry.name.hasSuffix("mlp.proj.weight")
                let std = isResidualProjection ? residualStd : 0.02
                for i in 0 ..< entry.count { p[i] = Float(std * rng.nextNormal()) }
            } else {
                p.update(repeating: 0, count: entry.count)
            }
        }
    }

    /// A model with the parameters of `checkpoint` (whose tensor table was checked when read).
    public convenience init(checkpoint: Checkpoint, maxBatch: Int) throws {
        try checkpoint.config.validate()
        if maxBatch < 1 { throw ModelError.invalidConfiguration("maxBatch = \(maxBatch); expected at least 1") }
        let expected = ParameterLayout(config: checkpoint.config)
        guard checkpoint.tensors == expected.entries, checkpoint.parameters.count == expected.count else {
            throw CheckpointError(path: checkpoint.sourcePath ?? "(in memory)",
                                  problem: "its tensor table does not match the layout of its model configuration")
        }
        self.init(config: checkpoint.config, maxBatch: maxBatch, seed: 0)
        checkpoint.parameters.withUnsafeBufferPointer { src in
            parameterBuffer.update(from: src.baseAddress!, count: layout.count)
        }
    }

    /// The number of base parameters.
    public var parameterCount: Int { layout.count }

    /// Read and write access to the flat base parameters (layout order).
    public func withParameters<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) rethrows -> R {
        mergedWeightsAreCurrent = false
        return try body(UnsafeMutableBufferPointer(start: parameterBuffer, count: layout.count))
    }

    /// Read access to the gradient of the base parameters from the last `.allWeights` pass.
    public func withParameterGradients<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: gradientBuffer, count: layout.count))
    }

    /// A copy of the base parameters.
    public var parameters: [Float] { Array(UnsafeBufferPointer(start: parameterBuffer, count: layout.count)) }

    /// Attaches fresh adapters (replacing any): A Kaiming-uniform as in PEFT,
    /// U(-1/sqrt(in), 1/sqrt(in)), B zero, drawn layer-major then q, k, v, o from `seed`.
    /// Allocates the adapters' staging and activation buffers (outside the training loop).
    public func attachLoRA(_ lora: LoRAConfig, seed: UInt64) {
        do { try lora.validate(width: config.width) } catch { preconditionFailure("attachLoRA: \(error)") }
        let targets = lora.orderedTargets
        let d = config.width, r = lora.rank, n = maxBatch * config.contextLength
        var rng = SeededGenerator(seed: seed)
        var pairs: [LoRAPair<Float>] = []
        let bound = 1 / Double(d).squareRoot()
        let newPool = BufferPool()
        func group(_ slots: [Int], columns: [Int], stride: Int) -> LoRAGroup? {
            guard !slots.isEmpty else { return nil }
            let k = slots.count
            return LoRAGroup(slots: slots, columns: columns, outputStride: stride,
                             a: newPool.floats(k * r * d), b: newPool.floats(k * d * r),
                             da: newPool.floats(k * r * d), db: newPool.floats(k * d * r), u: newPool.floats(n * k * r),
                             merged: newPool.floats(stride * d))
        }
        var inputs: [LoRAGroup?] = [], outputs: [LoRAGroup?] = []
        for _ in 0 ..< config.layers {
            var qkvSlots: [Int] = [], qkvColumns: [Int] = [], oSlots: [Int] = []
            for target in targets {
                let a = Matrix<Float>(rows: r, cols: d) { _, _ in Float(rng.nextUniform(-bound, bound)) }
                if target == .o { oSlots.append(pairs.count) } else { qkvSlots.append(pairs.count); qkvColumns.append(target.index * d) }
                pairs.append(LoRAPair(a: a, b: Matrix(rows: d, cols: r)))
            }
            inputs.append(group(qkvSlots, columns: qkvColumns, stride: 3 * d))
            outputs.append(group(oSlots, columns: [0], stride: d))
        }
        loraActs = LoRAActivations(attentionInputs: inputs, attentionOutput: outputs, scratch: newPool.floats(n * 3 * r))
        loraPool = newPool
        mergedWeightsAreCurrent = false
        self.lora = lora
        loraPairs = pairs
        loraGradients = pairs.map(LoRAPair.zeros(like:))
    }

    /// A checkpoint of the base parameters (adapters are not included).
    public func checkpoint(metadata: [String: String]) -> Checkpoint {
        Checkpoint(config: config, metadata: metadata, tensors: layout.entries, parameters: parameters)
    }

    /// Checks the adapters still have the shapes `attachLoRA` gave them.
    func checkLoRAShapes() {
        guard let lora else { return }
        precondition(loraPairs.count == loraGradients.count, "Transformer: loraPairs has \(loraPairs.count) pairs; expected \(loraGradients.count)")
        for (i, pair) in loraPairs.enumerated() {
            precondition(pair.a.rows == lora.rank && pair.a.cols == config.width && pair.b.rows == config.width && pair.b.cols == lora.rank,
                         "Transformer: loraPairs[\(i)] has A \(pair.a.shapeDescription), B \(pair.b.shapeDescription); expected A \(lora.rank) x \(config.width), B \(config.width) x \(lora.rank)")
        }
    }
}

extension LoRAProjection {
    /// 0, 1, 2, 3 for q, k, v, o.
    var index: Int {
        switch self {
        case .q: 0
        case .k: 1
        case .v: 2
        case .o: 3
        }
    }
}
