import Foundation

/// The commit of the working copy the sweep runs from, recorded with every run.
public enum GitRevision {
    /// `HEAD`'s hash, with `-dirty` when tracked files other than data have uncommitted changes;
    /// `nil` outside a git working copy or without git.
    public static func current(in directory: String = FileManager.default.currentDirectoryPath) -> String? {
        guard let head = run(["rev-parse", "HEAD"], in: directory), !head.isEmpty else { return nil }
        let status = run(["status", "--porcelain", "--untracked-files=no", "--"] + codePathspec, in: directory) ?? ""
        return status.isEmpty ? head : head + "-dirty"
    }

    /// The commit stands for the code that made a run. A committed results database changes as
    /// soon as a sweep opens it, and rendered reports change as runs land, so neither makes the
    /// working copy dirty: otherwise resuming the committed reproduction would mark every run.
    static let codePathspec = [
        ".",
        ":(exclude,glob)**/*.sqlite",
        ":(exclude,glob)**/*.sqlite-wal",
        ":(exclude,glob)**/*.sqlite-shm",
        ":(exclude)reports",
    ]

    private static func run(_ arguments: [String], in directory: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
