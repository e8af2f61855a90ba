// Locale-free number formatting for tables, tick labels and SVG coordinates.
//
// Every number that ends up in a report goes through here, so the same value prints the same bytes on
// every machine: no locale, no grouping separators, no platform printf. Rounding works on the shortest
// decimal text that round-trips the Double (Swift's `description`), half away from zero, so a value a
// reader sees as 62.005 prints as 62.01 (a printf of the binary value may print 62.00).

/// Fixed formatting of `Double` values.
public enum NumberFormat {
    /// `value` with exactly `decimals` digits after the point ("62.00", "-0.50", "1200").
    /// Negative results that round to zero print without a sign. Non-finite values print as
    /// "nan", "inf" and "-inf" (callers decide whether such a value may be printed at all).
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard let decimal = DecimalDigits(value) else { return nonFinite(value) }
        let rounded = decimal.roundedToPlaces(max(0, decimals))
        return rounded.fixedText(decimals: max(0, decimals))
    }

    /// `value` in the paper's short scientific style: "2e-4", "2.5e-4", "1e0", "-5e-2", "1.23e5",
    /// with at most `significantDigits` digits in the mantissa, trailing zeros removed, no "+" and no
    /// leading zeros in the exponent. Zero prints as "0".
    public static func scientific(_ value: Double, significantDigits: Int = 3) -> String {
        guard let decimal = DecimalDigits(value) else { return nonFinite(value) }
        if decimal.isZero { return "0" }
        let rounded = decimal.roundedToSignificant(max(1, significantDigits))
        var mantissa = rounded.digits
        while mantissa.count > 1, mantissa.last == 0 { mantissa.removeLast() }
        var text = rounded.negative ? "-" : ""
        text += String(mantissa[0])
        if mantissa.count > 1 {
            text += "." + mantissa.dropFirst().map(String.init).joined()
        }
        return text + "e" + String(rounded.pointPosition - 1)
    }

    /// A score in [0, 1] as a percentage with two decimals, as the paper prints its tables ("61.30").
    public static func percent(_ fraction: Double) -> String { fixed(fraction * 100, decimals: 2) }

    private static func nonFinite(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        return value < 0 ? "-inf" : "inf"
    }
}

/// The decimal digits of a finite Double, `0.d1 d2 d3 ... x 10^pointPosition`, taken from the shortest
/// round-trip text. `digits` has no leading zeros; zero is the empty digit list.
struct DecimalDigits: Equatable {
    var negative: Bool
    var digits: [Int]
    var pointPosition: Int

    var isZero: Bool { digits.allSatisfy { $0 == 0 } }

    init(negative: Bool, digits: [Int], pointPosition: Int) {
        self.negative = negative
        self.digits = digits
        self.pointPosition = pointPosition
        normalise()
    }

    init?(_ value: Double) {
        guard value.isFinite else { return nil }
        var text = Substring(value.description)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = parts.first ?? ""
        let fractionPart = parts.count > 1 ? parts[1] : ""
        let all = (integerPart + fractionPart).compactMap { $0.wholeNumberValue }
        self.init(negative: negative, digits: all, pointPosition: integerPart.count + exponent)
    }

    private mutating func normalise() {
        while let first = digits.first, first == 0 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while let last = digits.last, last == 0 { digits.removeLast() }
        if digits.isEmpty { pointPosition = 0; negative = false }
    }

    /// Rounds half away from zero keeping `keep` leading digits (keep may be <= 0).
    private func roundedKeeping(_ keep: Int) -> DecimalDigits {
        if keep >= digits.count { return self }
        if keep < 0 { return DecimalDigits(negative: false, digits: [], pointPosition: 0) }
        var kept = Array(digits[0 ..< keep])
        var position = pointPosition
        if digits[keep] >= 5 {
            var index = kept.count - 1
            var carry = true
            while carry, index >= 0 {
                kept[index] += 1
                if kept[index] == 10 { kept[index] = 0; index -= 1 } else { carry = false }
            }
            if carry { kept.insert(1, at: 0); position += 1 }
        }
        return DecimalDigits(negative: negative, digits: kept, pointPosition: position)
    }

    func roundedToPlaces(_ places: Int) -> DecimalDigits { roundedKeeping(pointPosition + places) }

    func roundedToSignificant(_ count: Int) -> DecimalDigits { roundedKeeping(count) }

    func fixedText(decimals: Int) -> String {
        var integer = ""
        if pointPosition <= 0 {
            integer = "0"
        } else {
            for index in 0 ..< pointPosition { integer += String(index < digits.count ? digits[index] : 0) }
        }
        var fraction = ""
        for place in 0 ..< decimals {
            let index = pointPosition + place
            fraction += String(index >= 0 && index < digits.count ? digits[index] : 0)
        }
        let sign = negative && !isZero ? "-" : ""
        return sign + integer + (decimals > 0 ? "." + fraction : "")
    }
}
