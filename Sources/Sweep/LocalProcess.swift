import Foundation
import Store
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about processes on this host, for recognising dead workers by evidence.
///
/// On Linux a process's start token is `BOOT_ID:STARTTIME`, with the boot id from
/// `/proc/sys/kernel/random/boot_id` and the start time (clock ticks since boot, field 22) from
/// `/proc/PID/stat`: a pid reused by a later process, even after a reboot, has another token. A
/// zombie (state Z or X) has no token: it has exited. Elsewhere the token is `nil` and only the
/// pid's existence is checked (`kill(pid, 0)`).
public struct LocalProcessProbe: ProcessProbe {
    public init() {}

    public func startToken(of pid: Int32) -> String? {
        #if os(Linux)
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let token = Self.startToken(stat: stat, bootID: Self.bootID) else { return nil }
        return token
        #else
        if kill(pid, 0) == 0 || errno == EPERM { return "" }
        return nil
        #endif
    }

    /// Parses `/proc/PID/stat`: the command name (field 2) is in parentheses and may itself hold
    /// spaces and parentheses, so fields are counted after the last `)`.
    static func startToken(stat: String, bootID: String) -> String? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
        guard fields.count > 19 else { return nil }
        if fields[0] == "Z" || fields[0] == "X" || fields[0] == "x" { return nil }
        return "\(bootID):\(fields[19])"
    }

    static let bootID: String = {
        let text = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)) ?? "unknown-boot"
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    /// This host's name.
    public static var hostName: String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Kills `pid` with SIGKILL: a hung worker cannot be asked to stop.
    public func stop(pid: Int32) {
        _ = kill(pid, SIGKILL)
    }

    public static var currentPID: Int32 { getpid() }

    /// The identity of the calling process as a worker record; `sweepPID` is the sweep that
    /// started it (its start token is read now, while it is alive).
    public static func currentWorker(id: String? = nil, command: String, sweepPID: Int32? = nil, now: Date = Date()) -> WorkerInfo {
        let pid = currentPID, host = hostName
        let probe = LocalProcessProbe()
        let token = probe.startToken(of: pid)
        let ticks = token?.split(separator: ":").last.map(String.init) ?? "0"
        let identifier = id ?? "\(host)/\(pid)/\(ticks)"
        return WorkerInfo(id: identifier, host: host, pid: pid, processStart: token, command: command,
                          startedAt: now, heartbeatAt: now, sweepPID: sweepPID, sweepStart: sweepPID.flatMap(probe.startToken(of:)))
    }
}
