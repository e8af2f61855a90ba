/// Learning rates on a decade grid such as 1-2-5: every `m * 10^e` with `m` in the grid's
/// mantissas that lies in `[from, to]`. So `from 2e-6 to 2e-2 on 1-2-5` gives 2e-6, 5e-6, 1e-5,
/// 2e-5, 5e-5, ..., 1e-2, 2e-2 (13 values).
///
/// Each value is parsed from its decimal text (`Double("5e-6")`), so it is the double nearest to
/// the exact decimal, never the result of repeated multiplication.
public struct LearningRateGrid: Sendable, Equatable {
    public var from: Double
    public var to: Double
    /// Strictly increasing mantissas in 1...9, for example [1, 2, 5].
    public var mantissas: [Int]

    public init(from: Double, to: Double, mantissas: [Int]) {
        self.from = from
        self.to = to
        self.mantissas = mantissas
    }

    /// Parses a grid name such as "1-2-5" or "1-3" or "1"; `nil` if it is not strictly increasing
    /// integers in 1...9 separated by dashes.
    public static func mantissas(named name: String) -> [Int]? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return nil }
        let values = parts.map { $0! }
        guard values.allSatisfy({ (1 ... 9).contains($0) }), zip(values, values.dropFirst()).allSatisfy({ $0 < $1 }) else {
            return nil
        }
        return values
    }

    /// The grid's values in increasing order (empty when no grid point lies in the range).
    public var values: [Double] {
        guard from > 0, to >= from, from.isFinite, to.isFinite else { return [] }
        // Decades that can hold a point of [from, to]; the bounds are widened by one decade so a
        // bound whose logarithm rounds badly is still covered, and every candidate is then tested
        // against the range itself.
        let low = decadeBelow(from) - 1
        let high = decadeBelow(to) + 1
        var out: [Double] = []
        for exponent in low ... high {
            for mantissa in mantissas {
                let value = Double("\(mantissa)e\(exponent)")!
                if value >= Self.lowerTolerance(from), value <= Self.upperTolerance(to) { out.append(value) }
            }
        }
        return out
    }

    /// The decade of `value`: the largest `e` with `10^e <= value`, computed from its decimal text.
    private func decadeBelow(_ value: Double) -> Int {
        // 2e-06 -> -6; 0.02 -> -2; 16.0 -> 1. Off by one near a power of ten does not matter:
        // the caller widens the range of decades by one on each side.
        var exponent = 0
        var scaled = value
        while scaled >= 10 { scaled /= 10; exponent += 1 }
        while scaled < 1 { scaled *= 10; exponent -= 1 }
        return exponent
    }

    /// Bounds written in decimal (2e-6) parse to the same double as the grid point, so an exact
    /// comparison suffices; a relative tolerance of 1e-12 guards bounds computed by the caller.
    private static func lowerTolerance(_ bound: Double) -> Double { bound * (1 - 1e-12) }
    private static func upperTolerance(_ bound: Double) -> Double { bound * (1 + 1e-12) }
}
