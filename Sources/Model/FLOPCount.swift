/// Analytic floating-point operation counts of a training step: the multiply-adds of every matrix
/// product the implementation performs, at 2 FLOPs each. Element-wise work (LayerNorm, GELU,
/// softmax, exp, residual additions, embedding lookups, copies) is not counted; it is small beside
/// the products but not free, so the achieved rate understates the products' own rate.
///
/// With N = batch x length tokens, H the positions whose target is not ignored (rows of the
/// language-model head), d the width, m the MLP width, V the vocabulary, L the blocks, r the LoRA
/// rank, a = a_qkv + a_o the adapters per block (a_qkv among q, k, v; a_o = 1 if o has one) and
/// S = sum over query tiles of (tile rows x keys up to the tile end) per (sequence, head)
/// (the score entries the tiled causal attention computes; at T = 128 with tiles of 32,
/// S = 0.625 T^2):
///
/// forward          = L (8 N d^2 + 4 N d m + 4 B S d + 2 d^2 r a + [2 N d r a]) + 2 H d V
/// backward (LoRA)  = 2 H d V + L (4 N d m + 2 N d^2 + 8 B S d + 6 N d r a) + (L - 1) 6 N d^2
/// backward (all)   = 4 H d V + L (8 N d m + 16 N d^2 + 8 B S d + 6 N d r a)
///
/// 2 d^2 r a merges the adapters into their weights (W + s B A, once per pass); the bracketed
/// 2 N d r a (u = x A^T, kept for the B gradients) is only computed when a backward pass follows.
/// In LoRA mode the first block's q, k, v input gradient is not needed (nothing below it trains),
/// so it is neither computed nor counted. In the pretraining count the adapter term appears only
/// if adapters are attached while pretraining, which the project never does.
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

    /// `training`: whether a backward pass follows (the adapters then keep u = x A^T).
    public static func forward(config c: ModelConfig, batch B: Int, length T: Int, headRows H: Int, lora: LoRAConfig?, training: Bool) -> Int {
        let N = B * T, d = c.width, m = c.mlpWidth, S = attentionEntries(length: T)
        let (a, r) = adapterCounts(lora)
        let perBlock = 8 * N * d * d + 4 * N * d * m + 4 * B * S * d + 2 * d * d * r * a + (training ? 2 * N * d * r * a : 0)
        return c.layers * perBlock + 2 * H * d * c.vocabularySize
    }

    public static func backward(config c: ModelConfig, batch B: Int, length T: Int, headRows H: Int, lora: LoRAConfig?, mode: GradientMode) -> Int {
        let N = B * T, d = c.width, m = c.mlpWidth, S = attentionEntries(length: T), L = c.layers, V = c.vocabularySize
        let (a, r) = adapterCounts(lora)
        switch mode {
        case .lora:
            return 2 * H * d * V + L * (4 * N * d * m + 2 * N * d * d + 8 * B * S * d + 6 * N * d * r * a) + (L - 1) * 6 * N * d * d
        case .allWeights:
            return 4 * H * d * V + L * (8 * N * d * m + 16 * N * d * d + 8 * B * S * d + 6 * N * d * r * a)
        }
    }

    /// Forward plus backward.
    public static func trainingStep(config c: ModelConfig, batch: Int, length: Int, headRows: Int, lora: LoRAConfig?, mode: GradientMode) -> Int {
        forward(config: c, batch: batch, length: length, headRows: headRows, lora: lora, training: true)
            + backward(config: c, batch: batch, length: length, headRows: headRows, lora: lora, mode: mode)
    }

    /// Adapters per block and their rank.
    private static func adapterCounts(_ lora: LoRAConfig?) -> (perBlock: Int, rank: Int) {
        guard let lora else { return (0, 0) }
        return (lora.orderedTargets.count, lora.rank)
    }
}
