import LinearAlgebra

/// The size of each adapter's change of its layer against the frozen weight it adapts:
/// `||s B A||_F / ||W||_F`. It depends on the product `B A` alone, so it is the same for every
/// factorisation of one adapter (`B R`, `R^-1 A`), which is what an outcome rule about weights
/// must look at: the factors' own norms are not meaningful under LoRA-RITE, which may grow ||A||
/// a hundredfold while ||B|| stays small.
extension Transformer {
    /// `||W||_F` of the frozen `d x d` weight each LoRA pair adapts, in `loraPairs` order
    /// (layer-major, then q, k, v, o): the pair's rows of the attention's `qkv` weight, or the
    /// output projection. Empty without adapters.
    public func adaptedWeightNorms() -> [Double] {
        guard let lora else { return [] }
        let d = config.width
        var norms: [Double] = []
        for block in layout.blocks {
            for target in lora.orderedTargets {
                // qkv weight: [3d, d], row-major; q, k, v take rows index*d ..< (index+1)*d.
                let start = target == .o ? block.projWeight : block.qkvWeight + target.index * d * d
                var sum = 0.0
                for i in 0 ..< d * d {
                    let w = Double(parameterBuffer[start + i])
                    sum += w * w
                }
                norms.append(sum.squareRoot())
            }
        }
        return norms
    }

    /// `||s B A||_F` of every pair, in `loraPairs` order (s = alpha / r).
    public func adapterNorms() -> [Double] {
        guard let lora else { return [] }
        return loraPairs.map { lora.scale * $0.product.frobeniusNorm }
    }
}
