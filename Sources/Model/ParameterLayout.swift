/// One named tensor inside the flat parameter buffer.
public struct TensorEntry: Codable, Hashable, Sendable {
    public var name: String
    public var shape: [Int]
    /// Offset in elements (not bytes) from the start of the flat buffer.
    public var offset: Int

    public init(name: String, shape: [Int], offset: Int) {
        self.name = name
        self.shape = shape
        self.offset = offset
    }

    public var count: Int { shape.reduce(1, *) }
    /// Weight decay applies to matrices (embeddings included), not to biases or LayerNorm gains.
    public var isMatrix: Bool { shape.count == 2 }
}

/// The order, names and shapes of every base parameter: the layout of the flat parameter buffer,
/// of its gradient, and of a checkpoint's tensor table.
///
/// Linear weights are stored `out x in` (so `y = x W^T + b`). q, k and v share one fused weight
/// `attn.qkv.weight` of `3d x d` whose rows `0 ..< d` are q, `d ..< 2d` are k and `2d ..< 3d` are v;
/// each of the three has its own LoRA adapter acting on its block of rows.
public struct ParameterLayout: Hashable, Sendable {
    public let entries: [TensorEntry]
    public let count: Int

    /// Offsets of one block's tensors.
    struct Block: Hashable, Sendable {
        var ln1Weight = 0, ln1Bias = 0
        var qkvWeight = 0, qkvBias = 0
        var projWeight = 0, projBias = 0
        var ln2Weight = 0, ln2Bias = 0
        var fcWeight = 0, fcBias = 0
        var mlpProjWeight = 0, mlpProjBias = 0
    }

    let tokenEmbedding: Int
    let positionEmbedding: Int
    let blocks: [Block]
    let finalNormWeight: Int
    let finalNormBias: Int

    public init(config c: ModelConfig) {
        var entries: [TensorEntry] = []
        var next = 0
        func add(_ name: String, _ shape: [Int]) -> Int {
            let entry = TensorEntry(name: name, shape: shape, offset: next)
            entries.append(entry)
            next += entry.count
            return entry.offset
        }
        let d = c.width
        tokenEmbedding = add("wte", [c.vocabularySize, d])
        positionEmbedding = add("wpe", [c.contextLength, d])
        var blocks: [Block] = []
        for l in 0 ..< c.layers {
            var b = Block()
            b.ln1Weight = add("h.\(l).ln1.weight", [d])
            b.ln1Bias = add("h.\(l).ln1.bias", [d])
            b.qkvWeight = add("h.\(l).attn.qkv.weight", [3 * d, d])
            b.qkvBias = add("h.\(l).attn.qkv.bias", [3 * d])
            b.projWeight = add("h.\(l).attn.proj.weight", [d, d])
            b.projBias = add("h.\(l).attn.proj.bias", [d])
            b.ln2Weight = add("h.\(l).ln2.weight", [d])
            b.ln2Bias = add("h.\(l).ln2.bias", [d])
            b.fcWeight = add("h.\(l).mlp.fc.weight", [c.mlpWidth, d])
            b.fcBias = add("h.\(l).mlp.fc.bias", [c.mlpWidth])
            b.mlpProjWeight = add("h.\(l).mlp.proj.weight", [d, c.mlpWidth])
            b.mlpProjBias = add("h.\(l).mlp.proj.bias", [d])
            blocks.append(b)
        }
        self.blocks = blocks
        finalNormWeight = add("lnf.weight", [d])
        finalNormBias = add("lnf.bias", [d])
        self.entries = entries
        self.count = next
    }

    /// The entry called `name`, if any.
    public func entry(named name: String) -> TensorEntry? { entries.first { $0.name == name } }
}
