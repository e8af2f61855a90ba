// Student's t quantiles for the intervals of fitted exponents (claim C8), where a line through three
// to five sizes leaves one to three degrees of freedom and the normal 1.96 would understate the
// interval (with one degree of freedom the 97.5% quantile is 12.71).
//
// The distribution function comes from the regularised incomplete beta function,
//     P(T <= t) = 1 - I_x(nu/2, 1/2) / 2  for t >= 0,  x = nu / (nu + t^2),
// evaluated by its continued fraction (modified Lentz), and the quantile by bisection.
import Foundation

public enum StudentT {
    /// The p-quantile of Student's t with `degreesOfFreedom` (>= 1) degrees of freedom, p in (0, 1).
    public static func quantile(_ p: Double, degreesOfFreedom nu: Int) -> Double {
        precondition(p > 0 && p < 1 && nu >= 1, "StudentT.quantile(\(p), \(nu))")
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, degreesOfFreedom: nu) }
        var low = 0.0, high = 1.0
        while cdf(high, degreesOfFreedom: nu) < p { high *= 2 }
        for _ in 0 ..< 200 {
            let middle = (low + high) / 2
            if cdf(middle, degreesOfFreedom: nu) < p { low = middle } else { high = middle }
            if high - low <= 1e-14 * max(1, high) { break }
        }
        return (low + high) / 2
    }

    /// P(T <= t).
    public static func cdf(_ t: Double, degreesOfFreedom nu: Int) -> Double {
        let v = Double(nu)
        let tail = 0.5 * regularizedIncompleteBeta(x: v / (v + t * t), a: v / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// I_x(a, b), by the continued fraction on whichever of x and 1 - x makes it converge quickly.
    static func regularizedIncompleteBeta(x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a) + lgamma(b) - lgamma(a + b)
        let logPowers: Double = a * log(x) + b * log(1 - x)
        let logFront = logPowers - logBeta
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * continuedFraction(x: 1 - x, a: b, b: a) / b
    }

    /// The continued fraction 1 / (1 + d1 / (1 + d2 / (1 + ...))) of the incomplete beta function, with
    /// d_{2m+1} = -(a+m)(a+b+m) x / ((a+2m)(a+2m+1)) and d_{2m} = m(b-m) x / ((a+2m-1)(a+2m)).
    private static func continuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1 ... 500 {
            let mm = Double(m)
            let even = mm * (b - mm) * x / ((a + 2 * mm - 1) * (a + 2 * mm))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            let odd = -(a + mm) * (a + b + mm) * x / ((a + 2 * mm) * (a + 2 * mm + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            result *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return result
    }
}
