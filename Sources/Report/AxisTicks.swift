// Axis domains, tick positions and tick labels for the SVG charts.
//
// Linear axes use "nice" steps m * 10^k with m in {1, 2, 5}: the smallest such step that splits the
// data range into at most `targetIntervals` intervals; the domain is widened to the enclosing ticks.
// Log axes put ticks on whole decades when the data spans at least two, otherwise on 1-2-5 (or 1..9)
// multiples of a decade. Tick values are built from integers and exact powers of ten, so 0.2 is the
// Double nearest to 0.2, never 0.20000000000000004.
import Foundation

/// The domain and ticks of one axis.
public struct AxisTicks: Sendable, Equatable {
    /// The data range the axis spans (widened to the outermost ticks).
    public let domain: ClosedRange<Double>
    /// Tick positions in data units, ascending.
    public let values: [Double]
    /// Tick labels, one per value.
    public let labels: [String]
}

/// Computes axis ticks.
public enum AxisTickGenerator {
    /// Ticks of a linear axis over [min, max] (swapped when inverted). A degenerate range [v, v] is
    /// widened to v +/- 10^floor(log10 |v|) (to [-1, 1] for v = 0). Labels have as many decimals as
    /// the step needs ("0.0", "0.2", ...); steps below 1e-4 or from 1e6 up are labelled "2e-5" style.
    /// Non-finite bounds give the default axis [0, 1].
    public static func linear(min: Double, max: Double, targetIntervals: Int = 5) -> AxisTicks {
        guard min.isFinite, max.isFinite else { return linear(min: 0, max: 1, targetIntervals: targetIntervals) }
        var low = Swift.min(min, max)
        var high = Swift.max(min, max)
        if low == high {
            let halfWidth = low == 0 ? 1 : Decimal10.power(Decimal10.floorExponent(abs(low)))
            low -= halfWidth
            high += halfWidth
        }
        let raw = (high - low) / Double(Swift.max(1, targetIntervals))
        var exponent = Decimal10.floorExponent(raw)
        let mantissa = raw / Decimal10.power(exponent)
        var multiplier = 10
        for candidate in [1, 2, 5] where mantissa <= Double(candidate) * (1 + 1e-9) {
            multiplier = candidate
            break
        }
        if multiplier == 10 { multiplier = 1; exponent += 1 }
        let step = Decimal10.value(Double(multiplier), exponent: exponent)
        let first = snappedFloor(low / step)
        let last = snappedCeil(high / step)
        var values: [Double] = []
        var index = first
        while index <= last {
            values.append(Decimal10.value(index * Double(multiplier), exponent: exponent))
            index += 1
        }
        let scientific = exponent <= -5 || exponent >= 6
        let labels = values.map { value in
            scientific ? NumberFormat.scientific(value) : NumberFormat.fixed(value, decimals: Swift.max(0, -exponent))
        }
        return AxisTicks(domain: values[0] ... values[values.count - 1], values: values, labels: labels)
    }

    /// Ticks of a base-10 log axis over [min, max]; both must be positive and finite (otherwise the
    /// default axis [1, 10] is returned). Labels are "1e-4" style throughout.
    public static func log10(min: Double, max: Double) -> AxisTicks {
        guard min.isFinite, max.isFinite, min > 0, max > 0 else { return log10(min: 1, max: 10) }
        let low = Swift.min(min, max)
        let high = Swift.max(min, max)
        var lowExponent = Decimal10.floorExponent(low)
        var highExponent = Decimal10.ceilExponent(high)
        if lowExponent == highExponent { lowExponent -= 1; highExponent += 1 }
        let decades = highExponent - lowExponent
        if decades >= 2 {
            var stride = 1
            for candidate in [1, 2, 3, 5, 10, 20, 50, 100] where decades <= 8 * candidate {
                stride = candidate
                break
            }
            let count = (decades + stride - 1) / stride
            let values = (0 ... count).map { Decimal10.power(lowExponent + $0 * stride) }
            return AxisTicks(domain: values[0] ... values[values.count - 1], values: values,
                             labels: values.map { NumberFormat.scientific($0) })
        }
        for mantissas in [[1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]] {
            let candidates = (lowExponent ... highExponent).flatMap { exponent in
                mantissas.map { Decimal10.value(Double($0), exponent: exponent) }
            }
            guard let start = candidates.last(where: { $0 <= low }),
                  let end = candidates.first(where: { $0 >= high }) else { continue }
            let values = candidates.filter { $0 >= start && $0 <= end }
            if values.count >= 3 || mantissas.count == 9 {
                return AxisTicks(domain: start ... end, values: values,
                                 labels: values.map { NumberFormat.scientific($0) })
            }
        }
        return log10(min: Decimal10.power(lowExponent), max: Decimal10.power(highExponent + 1))
    }

    private static func snappedFloor(_ quotient: Double) -> Double {
        let nearest = quotient.rounded()
        if abs(quotient - nearest) <= 1e-9 * Swift.max(1, abs(quotient)) { return nearest }
        return quotient.rounded(.down)
    }

    private static func snappedCeil(_ quotient: Double) -> Double {
        let nearest = quotient.rounded()
        if abs(quotient - nearest) <= 1e-9 * Swift.max(1, abs(quotient)) { return nearest }
        return quotient.rounded(.up)
    }
}

/// Exact decimal powers: 10^k for |k| <= 22 is exact (k >= 0) or correctly rounded (k < 0).
enum Decimal10 {
    static func power(_ exponent: Int) -> Double {
        if exponent >= 0 && exponent <= 22 {
            var result = 1.0
            for _ in 0 ..< exponent { result *= 10 }
            return result
        }
        if exponent < 0 && exponent >= -22 { return 1 / power(-exponent) }
        return pow(10, Double(exponent))
    }

    /// `integer * 10^exponent`, computed so that it is the Double nearest to the decimal value.
    static func value(_ integer: Double, exponent: Int) -> Double {
        exponent >= 0 ? integer * power(exponent) : integer / power(-exponent)
    }

    /// The largest k with 10^k <= x (x > 0, finite).
    static func floorExponent(_ x: Double) -> Int {
        var k = Int(Foundation.log10(x).rounded(.down))
        while power(k) > x { k -= 1 }
        while power(k + 1) <= x { k += 1 }
        return k
    }

    /// The smallest k with 10^k >= x (x > 0, finite).
    static func ceilExponent(_ x: Double) -> Int {
        var k = Int(Foundation.log10(x).rounded(.up))
        while power(k - 1) >= x { k -= 1 }
        while power(k) < x { k += 1 }
        return k
    }
}
