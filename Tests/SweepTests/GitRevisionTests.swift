import Foundation
import Testing
@testable import Sweep

/// The recorded commit is dirty for changed code, not for the data a sweep writes.
@Suite struct GitRevisionTests {
    private func git(_ arguments: [String], in directory: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", directory, "-c", "user.name=test", "-c", "user.email=test@localhost"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments.joined(separator: " "))")
    }

    @Test func changedDatabaseAndReportsAreNotDirtyButChangedCodeIs() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("git-revision-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/results", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: directory + "/reports", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func write(_ path: String, _ text: String) throws {
            try text.write(toFile: directory + "/" + path, atomically: true, encoding: .utf8)
        }
        try write("code.swift", "let a = 1\n")
        try write("results/rite.sqlite", "v1")
        try write("reports/table1.md", "v1")
        try git(["init", "-q"], in: directory)
        try git(["add", "."], in: directory)
        try git(["commit", "-qm", "first"], in: directory)

        let clean = try #require(GitRevision.current(in: directory))
        #expect(clean.count == 40 && !clean.hasSuffix("-dirty"))

        try write("results/rite.sqlite", "v2")
        try write("reports/table1.md", "v2")
        #expect(GitRevision.current(in: directory) == clean)

        try write("code.swift", "let a = 2\n")
        #expect(GitRevision.current(in: directory) == clean + "-dirty")
    }
}
