/// Durations as short fixed-format text: `45s`, `12m 05s`, `3h 02m`, `2d 04h`.
public enum TimeText {
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "?" }
        let total = Int(seconds.rounded())
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        if total < 60 { return "\(total)s" }
        if total < 3600 { return "\(total / 60)m \(two(total % 60))s" }
        if total < 86400 { return "\(total / 3600)h \(two(total % 3600 / 60))m" }
        return "\(total / 86400)d \(two(total % 86400 / 3600))h"
    }
}
