/// Analytic floating-point operation counts of a training step: the multiply-adds of every matrix
/// product the implementation performs, at 2 FLOPs each. Element-wise work (LayerNorm, GELU,
/// softmax, exp, residual additions, embedding lookups) is not counted; it is small beside the
/// products but not free, so the achieved rate understates the products' own rate.
///
/// With N = batch x length tokens, H the positions whose target is not ignored (rows of the
/// language-model head), d the width, m the MLP width, V the vocabulary, L the blocks, r the LoRA
/// rank, a_qkv the adapters among q, k, v and a_o (0 or 1) the adapter on o, and
/// S = sum over query tiles of (tile rows x keys up to the tile end) per (sequence, head)
/// (the score entries the tiled causal attention computes; at T = 128 with tiles of 32,
/// S = 0.625 T^2):
///
/// forward          = L (6 N d^2 + 2 N d^2 + 4 N d m + 4 B S d + 4 N d r (a_qkv + a_o)) + 2 H d V
/// backward (LoRA)  = 2 H d V + L (4 N d m + 2 N d^2 + 8 B S d + 8 N d r a_o + 6 N d r a_qkv)
///                    + (L - 1) (6 N d^2 + 2 N d r a_qkv)
/// backward (all)   = 4 H d V + L (8 N d m + 16 N d^2 + 8 B S d) + L (8 a_o + 8 a_qkv) N d r
///                    (every linear layer's input and weight gradients; the last term only if
///                    adapters are attached while pretraining, which the project never does)
///
/// In LoRA mode the first block's q, k, v input gradient is not needed (nothing below it
/// trains), so it is neither computed nor counted.
public enum FLOPCount {
    /// Score entries the tiled causal attention computes for one (sequence, head) at `length`.
    public static func attentionEntries(length T: Int) -> Int {
        let queryTile = Attention.queryTile
        var entries = 0
        var i0 = 0
        while i0 < T {
            let i1 = min(i0 + queryTile, T)
            entries += (i1 - i0) * i1
            i0 = i1
        }
        return entries
    }

    public static func forward(config c: ModelConfig, batch B: Int, length T: Int, headRows H: Int, lora: LoRAConfig?) -> Int {
        let N = B * T, d = c.width, m = c.mlpWidth, S = attentionEntries(length: T)
        let (aqkv, ao, r) = adapterCounts(lora)
        let perBlock = 6 * N * d * d + 2 * N * d * d + 4 * N * d * m + 4 * B * S * d + 4 * N * d * r * (aqkv + ao)
        return c.layers * perBlock + 2 * H * d * c.vocabularySize
    }

    public static func backward(config c: ModelConfig, batch B: Int, length T: Int, headRows H: Int, lora: LoRAConfig?, mode: GradientMode) -> Int {
        let N = B * T, d = c.width, m = c.mlpWidth, S = attentionEntries(length: T), L = c.layers, V = c.vocabularySize
        switch mode {
        case .lora:
            let (aqkv, ao, r) = adapterCounts(lora)
            let perBlock = 4 * N * d * m + 2 * N * d * d + 8 * B * S * d + 8 * N * d * r * ao + 6 * N * d * r * aqkv
            return 2 * H * d * V + L * perBlock + (L - 1) * (6 * N * d * d + 2 * N * d * r * aqkv)
        case .allWeights:
            let (aqkv, ao, r) = adapterCounts(lora)
            return 4 * H * d * V + L * (8 * N * d * m + 16 * N * d * d + 8 * B * S * d) + L * 8 * (ao + aqkv) * N * d * r
        }
    }

    /// Forward plus backward.
    public static func trainingStep(config c: ModelConfig, batch: Int, length: Int, headRows: Int, lora: LoRAConfig?, mode: GradientMode) -> Int {
        forward(config: c, batch: batch, length: length, headRows: headRows, lora: lora)
            + backward(config: c, batch: batch, length: length, headRows: headRows, lora: lora, mode: mode)
    }

    private static func adapterCounts(_ lora: LoRAConfig?) -> (qkv: Int, o: Int, rank: Int) {
        guard let lora else { return (0, 0, 0) }
        let targets = lora.orderedTargets
        return (targets.filter { $0 != .o }.count, targets.contains(.o) ? 1 : 0, lora.rank)
    }
}
