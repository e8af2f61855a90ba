import Foundation
import NaiveReferences

// An independent, naive Double implementation of LoRA-RITE (the reference step of the optimizer
// specification, Section 6.2, and the paper variant), on nested arrays with Gram-Schmidt QR, Jacobi
// eigendecompositions and triangular inverses. It shares no code with the Optimizers target. Its bases
// differ from LAPACK's by column signs; the algorithm is invariant to that, so trajectories agree.

struct NaiveRiteConfiguration {
    var paper = false
    var beta1 = 0.9
    var beta2 = 0.999
    var eps = 1e-6
    var clip = 1.0
    var skip = 1.0
    var escape = false
    var forcePositive = false
    var biasCorrection = true
    var weightDecay = 0.0
}

final class NaiveLoRARite {
    struct Side {
        var v: Dense          // r x r
        var m: Dense          // rows x r
        var rho = 0.0
    }

    let config: NaiveRiteConfiguration
    var sideA: [Side]
    var sideB: [Side]
    var previousBasisA: [Dense?]
    var previousBasisB: [Dense?]
    var k = 0
    /// Counters for the tests: factors skipped, steps that clipped.
    var skipped = 0
    var clips = 0

    init(_ config: NaiveRiteConfiguration, start: [DensePair]) {
        self.config = config
        sideA = start.map { Side(v: zerosDense($0.a.count, $0.a.count), m: zerosDense($0.a[0].count, $0.a.count)) }
        sideB = start.map { Side(v: zerosDense($0.a.count, $0.a.count), m: zerosDense($0.b.count, $0.a.count)) }
        previousBasisA = start.map { _ in nil }
        previousBasisB = start.map { _ in nil }
    }

    func decay(_ beta: Double) -> Double {
        guard config.biasCorrection else { return beta }
        let t = Double(k + 1)
        return beta * (1 - pow(beta, t - 1)) / (1 - pow(beta, t))
    }

    func step(_ pairs: inout [DensePair], gradients: [DensePair], lr: Double) {
        // Phase 1 (paper orientation: A^T is in x r, B is out x r).
        var prepared: [(ua: Dense, ub: Dense, ta: Dense, tb: Dense, ga: Dense, gb: Dense)] = []
        var total = 0.0
        for i in pairs.indices {
            let (ua, ra) = gramSchmidtQR(tr(pairs[i].a))
            let (ub, rb) = gramSchmidtQR(pairs[i].b)
            let (ta, tb) = (triangularPseudoInverse(ra), triangularPseudoInverse(rb))
            var ga = mul(tr(gradients[i].a), tb)
            var gb = mul(gradients[i].b, ta)
            if config.skip > 0 && rmsDense(ga) > config.skip { ga = zerosDense(ga.count, ga[0].count); skipped += 1 }
            if config.skip > 0 && rmsDense(gb) > config.skip { gb = zerosDense(gb.count, gb[0].count); skipped += 1 }
            total += sumSquares(ga) + sumSquares(gb)
            prepared.append((ua, ub, ta, tb, ga, gb))
        }
        let norm = total.squareRoot()
        let clipping = config.clip > 0 && norm > config.clip
        if clipping { clips += 1 }
        let (d1, d2) = (decay(config.beta1), decay(config.beta2))
        for i in pairs.indices {
            var p = prepared[i]
            if clipping {
                p.ga = scaled(p.ga, config.clip / norm)
                p.gb = scaled(p.gb, config.clip / norm)
            }
            let r = p.ga[0].count
            let projectionA = previousBasisB[i].map { mul(tr(p.ub), $0) } ?? zerosDense(r, r)
            let projectionB = previousBasisA[i].map { mul(tr(p.ua), $0) } ?? zerosDense(r, r)
            let (newA, dA) = side(sideA[i], g: p.ga, projection: projectionA, pinvOther: p.tb, parameter: tr(pairs[i].a), d1: d1, d2: d2)
            let (newB, dB) = side(sideB[i], g: p.gb, projection: projectionB, pinvOther: p.ta, parameter: pairs[i].b, d1: d1, d2: d2)
            sideA[i] = newA
            sideB[i] = newB
            previousBasisA[i] = p.ua
            previousBasisB[i] = p.ub
            pairs[i] = DensePair(a: tr(add(tr(pairs[i].a), dA, -lr)), b: add(pairs[i].b, dB, -lr))
        }
        k += 1
    }

    private func side(_ state: Side, g: Dense, projection: Dense, pinvOther: Dense, parameter: Dense, d1: Double, d2: Double)
        -> (Side, Dense) {
        var fresh = mul(tr(g), g)
        if !config.paper { fresh = scaled(fresh, 1 / Double(g.count)) }
        let carried = symDense(mul(mul(projection, state.v), tr(projection)))
        var rho = 0.0
        if config.escape {
            let before = jacobiEigen(state.v).values
            let after = jacobiEigen(carried).values
            let drops = zip(before, after).map { $0 - $1 }
            let lost = config.paper
                ? drops.map(abs).max()!
                : min(max(drops.max()!, 0), max(traceDense(state.v) - traceDense(carried), 0))
            rho = d2 * (state.rho + lost)
        }
        let v = symDense(add(scaled(fresh, 1 - d2), scaled(carried, d2)))
        var valid = true
        let preconditioner = spectralFunction(v) { value in
            let lambda = self.config.forcePositive ? max(value, 0) : value
            if lambda + rho + (self.config.paper ? self.config.eps : 0) < 0 { valid = false; return 0 }
            return self.config.paper ? 1 / (lambda + rho + self.config.eps).squareRoot()
                                     : 1 / ((lambda + rho).squareRoot() + self.config.eps)
        }
        let step = valid ? mul(g, preconditioner) : zerosDense(g.count, g[0].count)
        let m = add(scaled(step, 1 - d1), scaled(mul(state.m, tr(projection)), d1))
        var direction = mul(m, tr(pinvOther))
        if config.weightDecay > 0 { direction = add(direction, parameter, config.weightDecay) }
        return (Side(v: v, m: m, rho: rho), direction)
    }
}
