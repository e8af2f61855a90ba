// Small helpers for writing SVG text: escaping and coordinate formatting.

enum SVGText {
    /// Escapes text for XML character data and attribute values: & < > " ' become entities, and
    /// characters XML 1.0 does not allow (control characters other than tab, newline and carriage
    /// return, lone surrogates are impossible in Swift strings) become U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                if value < 0x20 || value == 0xFFFE || value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A coordinate with at most two decimals, trailing zeros removed ("12.5", "300", "-0.25").
    /// Values are clamped to +/- 1e6 so a point far outside a fixed axis range (drawn clipped) cannot
    /// print an absurdly long number.
    static func number(_ value: Double) -> String {
        let clamped = min(1e6, max(-1e6, value))
        var text = NumberFormat.fixed(clamped, decimals: 2)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// An estimate of the width of `text` at `fontSize` for layout (0.6 em per character, the average
    /// advance of DejaVu Sans); deterministic, so layouts are byte-stable.
    static func estimatedWidth(_ text: String, fontSize: Double) -> Double {
        Double(text.unicodeScalars.count) * fontSize * 0.6
    }
}
