import Foundation
import LinearAlgebra
import Model

// An independent, deliberately naive Double implementation of the documented architecture:
// one sequence at a time, position by position, with Foundation's exp/tanh/log. It reads the
// parameters by tensor name (the checkpoint's documented names and shapes) and shares no code
// with the model under test.

struct NaiveTransformer {
    let config: ModelConfig
    /// Flat parameters in Double, indexed through `offsets`.
    var parameters: [Double]
    let offsets: [String: (offset: Int, shape: [Int])]
    /// Adapters by (layer, projection index 0...3 = q, k, v, o): A (r x d), B (d x r), row-major.
    var adapters: [Int: (a: [Double], b: [Double])] = [:]
    var rank = 0
    var scale = 0.0

    init(model: Transformer) {
        config = model.config
        parameters = model.parameters.map(Double.init)
        var table: [String: (Int, [Int])] = [:]
        for entry in model.layout.entries { table[entry.name] = (entry.offset, entry.shape) }
        offsets = table
        if let lora = model.lora {
            rank = lora.rank
            scale = lora.alpha / Double(lora.rank)
            let targets = LoRAProjection.allCases.filter(lora.targets.contains)
            var index = 0
            for layer in 0 ..< config.layers {
                for target in targets {
                    let pair = model.loraPairs[index]
                    let slot = LoRAProjection.allCases.firstIndex(of: target)!
                    adapters[layer * 4 + slot] = (pair.a.storage.map(Double.init), pair.b.storage.map(Double.init))
                    index += 1
                }
            }
        }
    }

    func tensor(_ name: String) -> ArraySlice<Double> {
        let (offset, shape) = offsets[name]!
        return parameters[offset ..< offset + shape.reduce(1, *)]
    }

    /// y = W x (+ b), W stored out x in row-major.
    func linear(_ x: [Double], _ weight: ArraySlice<Double>, _ bias: ArraySlice<Double>?, out: Int) -> [Double] {
        let inputs = x.count
        let w0 = weight.startIndex
        return (0 ..< out).map { o in
            var sum = bias.map { $0[$0.startIndex + o] } ?? 0
            for i in 0 ..< inputs { sum += weight[w0 + o * inputs + i] * x[i] }
            return sum
        }
    }

    func layerNorm(_ x: [Double], _ w: ArraySlice<Double>, _ b: ArraySlice<Double>) -> [Double] {
        let mean = x.reduce(0, +) / Double(x.count)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count)
        let s = 1 / (variance + 1e-5).squareRoot()
        return x.indices.map { (x[$0] - mean) * s * w[w.startIndex + $0] + b[b.startIndex + $0] }
    }

    /// Adds `scale * B (A x)` of adapter (layer, slot) to `y` (if there is one).
    func addAdapter(_ y: inout [Double], _ x: [Double], layer: Int, slot: Int) {
        guard let (a, b) = adapters[layer * 4 + slot] else { return }
        let d = x.count
        let ax = (0 ..< rank).map { k in (0 ..< d).reduce(0.0) { $0 + a[k * d + $1] * x[$1] } }
        for o in y.indices { y[o] += scale * (0 ..< rank).reduce(0.0) { $0 + b[o * rank + $1] * ax[$1] } }
    }

    /// The final hidden states (after the last LayerNorm) of one sequence, one row per position.
    func hidden(_ tokens: [Int]) -> [[Double]] {
        let d = config.width, heads = config.heads, hd = d / heads, m = config.mlpWidth
        let wte = tensor("wte"), wpe = tensor("wpe")
        var x: [[Double]] = tokens.enumerated().map { t, token in
            (0 ..< d).map { wte[wte.startIndex + token * d + $0] + wpe[wpe.startIndex + t * d + $0] }
        }
        for l in 0 ..< config.layers {
            let p = "h.\(l)."
            var q: [[Double]] = [], k: [[Double]] = [], v: [[Double]] = []
            let qkvW = tensor(p + "attn.qkv.weight"), qkvB = tensor(p + "attn.qkv.bias")
            for t in tokens.indices {
                let h = layerNorm(x[t], tensor(p + "ln1.weight"), tensor(p + "ln1.bias"))
                var projections: [[Double]] = []
                for slot in 0 ..< 3 {
                    let w = qkvW[(qkvW.startIndex + slot * d * d) ..< (qkvW.startIndex + (slot + 1) * d * d)]
                    let b = qkvB[(qkvB.startIndex + slot * d) ..< (qkvB.startIndex + (slot + 1) * d)]
                    var y = linear(h, w, b, out: d)
                    addAdapter(&y, h, layer: l, slot: slot)
                    projections.append(y)
                }
                q.append(projections[0]); k.append(projections[1]); v.append(projections[2])
            }
            var x2: [[Double]] = []
            for t in tokens.indices {
                var y = [Double](repeating: 0, count: d)
                for head in 0 ..< heads {
                    let r = head * hd ..< (head + 1) * hd
                    let scores = (0 ... t).map { j in r.reduce(0.0) { $0 + q[t][$1] * k[j][$1] } / Double(hd).squareRoot() }
                    let top = scores.max()!
                    let weights = scores.map { exp($0 - top) }
                    let total = weights.reduce(0, +)
                    for j in 0 ... t { for c in r { y[c] += weights[j] / total * v[j][c] } }
                }
                var o = linear(y, tensor(p + "attn.proj.weight"), tensor(p + "attn.proj.bias"), out: d)
                addAdapter(&o, y, layer: l, slot: 3)
                x2.append((0 ..< d).map { x[t][$0] + o[$0] })
            }
            for t in tokens.indices {
                let h = layerNorm(x2[t], tensor(p + "ln2.weight"), tensor(p + "ln2.bias"))
                let fc = linear(h, tensor(p + "mlp.fc.weight"), tensor(p + "mlp.fc.bias"), out: m)
                let g = fc.map { 0.5 * $0 * (1 + tanh((2 / Double.pi).squareRoot() * ($0 + 0.044715 * $0 * $0 * $0))) }
                let out = linear(g, tensor(p + "mlp.proj.weight"), tensor(p + "mlp.proj.bias"), out: d)
                x[t] = (0 ..< d).map { x2[t][$0] + out[$0] }
            }
        }
        return x.map { layerNorm($0, tensor("lnf.weight"), tensor("lnf.bias")) }
    }

    /// Logits (tied head) of every position of one sequence.
    func logits(_ tokens: [Int]) -> [[Double]] {
        let wte = tensor("wte")
        return hidden(tokens).map { h in linear(h, wte, nil, out: config.vocabularySize) }
    }

    /// -log softmax(logits)[target].
    static func crossEntropy(_ logits: [Double], _ target: Int) -> Double {
        let top = logits.max()!
        return log(logits.reduce(0) { $0 + exp($1 - top) }) + top - logits[target]
    }

    /// Mean cross-entropy over positions with target >= 0 (batch x length, row-major).
    func loss(tokens: [Int32], targets: [Int32], batch: Int, length: Int) -> Double {
        var sum = 0.0, count = 0
        for b in 0 ..< batch {
            let sequence = (0 ..< length).map { Int(tokens[b * length + $0]) }
            let rows = logits(sequence)
            for t in 0 ..< length where targets[b * length + t] >= 0 {
                sum += Self.crossEntropy(rows[t], Int(targets[b * length + t]))
                count += 1
            }
        }
        return count == 0 ? 0 : sum / Double(count)
    }
}
