import Foundation
import RiteCore
import Store
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prints a sweep's progress: on a terminal, one live line rewritten in place (and permanent lines
/// above it for events); otherwise plain lines only, the progress summary at most once a minute.
public final class ProgressPrinter: @unchecked Sendable {
    public let isTerminal: Bool
    let width: Int
    let summaryInterval: TimeInterval
    private let write: (String) -> Void
    private var liveShown = false
    private var lastSummary: Date?

    public init(isTerminal: Bool, width: Int = 120, summaryInterval: TimeInterval = 60, write: @escaping (String) -> Void) {
        self.isTerminal = isTerminal
        self.width = width
        self.summaryInterval = summaryInterval
        self.write = write
    }

    /// Standard output, live if it is a terminal (width from `COLUMNS`, else 120).
    public static func standardOutput() -> ProgressPrinter {
        let width = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) ?? 120
        return ProgressPrinter(isTerminal: isatty(STDOUT_FILENO) == 1, width: width) { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// A permanent line.
    public func line(_ text: String) {
        clearLive()
        write(text + "\n")
    }

    /// The current progress summary.
    public func live(_ text: String, now: Date = Date()) {
        if isTerminal {
            let shown = text.count > width - 1 ? String(text.prefix(width - 2)) + "…" : text
            write("\r\u{1B}[2K" + shown)
            liveShown = true
        } else if lastSummary.map({ now.timeIntervalSince($0) >= summaryInterval }) ?? true {
            write(text + "\n")
            lastSummary = now
        }
    }

    /// Removes the live line (before the final summary).
    public func finish() { clearLive() }

    private func clearLive() {
        if liveShown {
            write("\r\u{1B}[2K")
            liveShown = false
        }
    }
}

/// Short human-readable names of runs.
public enum RunLabel {
    public static func text(_ run: StoredRun) -> String {
        "\(run.task) \(run.optimizer) r\(run.rank) lr=\(CanonicalJSON.format(run.learningRate)) seed=\(run.seed)"
    }

    public static func text(_ run: GridRun) -> String {
        let resolved = run.run
        return "\(resolved.task) \(resolved.optimizer.name) r\(resolved.rank) lr=\(CanonicalJSON.format(resolved.learningRate)) "
            + "seed=\(resolved.seed)"
    }
}
