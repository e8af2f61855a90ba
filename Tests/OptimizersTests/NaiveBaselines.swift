import Foundation
import NaiveReferences

// Independent, naive Double implementations of the baselines on nested arrays, written from the
// update rules of the optimizer specification, sharing no code with the Optimizers target. Factors are
// handled as a flat list: A of pair i at 2i, B at 2i + 1.

func factors(_ pairs: [DensePair]) -> [Dense] { pairs.flatMap { [$0.a, $0.b] } }
func pairs(_ factors: [Dense]) -> [DensePair] { stride(from: 0, to: factors.count, by: 2).map { DensePair(a: factors[$0], b: factors[$0 + 1]) } }
func zip3(_ a: Dense, _ b: Dense, _ c: Dense, _ f: (Double, Double, Double) -> Double) -> Dense {
    a.indices.map { i in a[i].indices.map { j in f(a[i][j], b[i][j], c[i][j]) } }
}

/// Adam with decoupled weight decay and bias correction; B's learning rate multiplied by `ratioB` (LoRA+).
final class NaiveAdam {
    var beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0.0, ratioB = 1.0
    var m: [Dense] = [], v: [Dense] = [], t = 0

    func step(_ p: inout [DensePair], _ g: [DensePair], lr: Double) {
        var x = factors(p)
        let gs = factors(g)
        if m.isEmpty { m = x.map { zerosDense($0.count, $0[0].count) }; v = m }
        t += 1
        for f in x.indices {
            let eta = lr * (f % 2 == 1 ? ratioB : 1)
            m[f] = add(scaled(m[f], beta1), gs[f], 1 - beta1)
            v[f] = add(scaled(v[f], beta2), elementwise(gs[f]) { $0 * $0 }, 1 - beta2)
            let (c1, c2) = (1 - pow(beta1, Double(t)), 1 - pow(beta2, Double(t)))
            x[f] = zip3(x[f], m[f], v[f]) { xi, mi, vi in xi * (1 - eta * self.weightDecay) - eta * (mi / c1) / ((vi / c2).squareRoot() + self.eps) }
        }
        p = pairs(x)
    }
}

/// ScaledAdam as its LLM reference computes it (B preconditioned with the updated A).
final class NaiveScaledAdam {
    var beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weightDecay = 0.0, damping = 1e-6, biasCorrection = false, updatedA = true
    var m: [Dense] = [], v: [Dense] = [], t = 0

    private func adam(_ x: Dense, _ g: Dense, _ f: Int, lr: Double) -> Dense {
        m[f] = add(scaled(m[f], beta1), g, 1 - beta1)
        v[f] = add(scaled(v[f], beta2), elementwise(g) { $0 * $0 }, 1 - beta2)
        var s = lr
        if biasCorrection { s *= (1 - pow(beta2, Double(t))).squareRoot() / (1 - pow(beta1, Double(t))) }
        let stepped = zip3(x, m[f], v[f]) { xi, mi, vi in xi - s * mi / (vi.squareRoot() + self.eps) }
        return weightDecay > 0 ? scaled(stepped, 1 - lr * weightDecay) : stepped
    }

    func step(_ p: inout [DensePair], _ g: [DensePair], lr: Double) {
        if m.isEmpty { m = factors(p).map { zerosDense($0.count, $0[0].count) }; v = m }
        t += 1
        for i in p.indices {
            let r = p[i].a.count
            let left = choleskyInverse(add(mul(tr(p[i].b), p[i].b), identityDense(r), damping)) ?? identityDense(r)
            let old = p[i].a
            p[i].a = adam(p[i].a, mul(left, g[i].a), 2 * i, lr: lr)
            let a = updatedA ? p[i].a : old
            let right = choleskyInverse(add(mul(a, tr(a)), identityDense(r), damping)) ?? identityDense(r)
            p[i].b = adam(p[i].b, mul(g[i].b, right), 2 * i + 1, lr: lr)
        }
    }
}

/// optax's Lamb: bias-corrected Adam direction plus weight decay, scaled by the per-matrix trust ratio.
final class NaiveLamb {
    var beta1 = 0.9, beta2 = 0.999, eps = 1e-6, weightDecay = 0.0
    var m: [Dense] = [], v: [Dense] = [], t = 0

    func step(_ p: inout [DensePair], _ g: [DensePair], lr: Double) {
        var x = factors(p)
        let gs = factors(g)
        if m.isEmpty { m = x.map { zerosDense($0.count, $0[0].count) }; v = m }
        t += 1
        for f in x.indices {
            m[f] = add(scaled(m[f], beta1), gs[f], 1 - beta1)
            v[f] = add(scaled(v[f], beta2), elementwise(gs[f]) { $0 * $0 }, 1 - beta2)
            let (c1, c2) = (1 - pow(beta1, Double(t)), 1 - pow(beta2, Double(t)))
            let u = zip3(x[f], m[f], v[f]) { xi, mi, vi in (mi / c1) / ((vi / c2).squareRoot() + self.eps) + self.weightDecay * xi }
            let (xn, un) = (fro(x[f]), fro(u))
            let ratio = xn == 0 || un == 0 ? 1 : xn / un
            x[f] = add(x[f], u, -lr * ratio)
        }
        p = pairs(x)
    }
}

/// SGD with heavy-ball momentum and coupled weight decay.
final class NaiveSGD {
    var momentum = 0.0, weightDecay = 0.0
    var buffers: [Dense] = []

    func step(_ p: inout [DensePair], _ g: [DensePair], lr: Double) {
        var x = factors(p)
        let gs = factors(g)
        if buffers.isEmpty { buffers = x.map { zerosDense($0.count, $0[0].count) } }
        for f in x.indices {
            let d = add(gs[f], x[f], weightDecay)
            buffers[f] = add(scaled(buffers[f], momentum), d)
            x[f] = add(x[f], momentum == 0 ? d : buffers[f], -lr)
        }
        p = pairs(x)
    }
}
