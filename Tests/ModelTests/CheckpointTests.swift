import Foundation
import Model
import RiteCore
import Testing

@Suite struct CheckpointTests {
    /// A fresh path in the temporary directory, unique per test.
    func temporaryPath(_ name: String) -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rite-model-tests-\(getpid())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent(name).path
    }

    func writtenCheckpoint(_ name: String) throws -> (Transformer, String) {
        let model = perturbedModel(oddConfig, maxBatch: 2, seed: 51)
        let path = temporaryPath(name)
        try model.checkpoint(metadata: ["preset": "odd", "corpus": "v1", "seed": "51"]).write(to: path)
        return (model, path)
    }

    /// Expects `body` to throw a CheckpointError whose message names `path` and contains `phrase`.
    func expectFailure(_ path: String, _ phrase: String, _ body: () throws -> Void) {
        do {
            try body()
            Issue.record("expected an error containing \"\(phrase)\"")
        } catch let error as CheckpointError {
            #expect(error.path == path)
            #expect("\(error)".contains(path) && "\(error)".contains(phrase), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func roundTripIsBitExact() throws {
        let (model, path) = try writtenCheckpoint("round-trip.ckpt")
        let checkpoint = try Checkpoint.read(from: path)
        #expect(checkpoint.config == oddConfig)
        #expect(checkpoint.metadata == ["preset": "odd", "corpus": "v1", "seed": "51"])
        let restored = try Transformer(checkpoint: checkpoint, maxBatch: 2)
        #expect(restored.parameters.map(\.bitPattern) == model.parameters.map(\.bitPattern))
        let tokens = randomTokens(18, vocabulary: 23, seed: 1), targets = randomTokens(18, vocabulary: 23, seed: 2)
        #expect(loss(model, tokens, targets, batch: 2, length: 9).bitPattern == loss(restored, tokens, targets, batch: 2, length: 9).bitPattern)
        // Writing the restored model again gives the same bytes.
        let again = temporaryPath("round-trip-again.ckpt")
        try restored.checkpoint(metadata: checkpoint.metadata).write(to: again)
        #expect(FileManager.default.contents(atPath: again) == FileManager.default.contents(atPath: path))
        #expect(try Checkpoint.read(from: path, expecting: oddConfig).parameters == model.parameters)
    }

    @Test func corruptTruncatedAndForeignFilesAreErrorsNamingTheFile() throws {
        let (_, path) = try writtenCheckpoint("damaged.ckpt")
        let bytes = [UInt8](FileManager.default.contents(atPath: path)!)

        let corrupt = temporaryPath("corrupt.ckpt")
        var flipped = bytes
        flipped[bytes.count - 100] ^= 0x40
        _ = FileManager.default.createFile(atPath: corrupt, contents: Data(flipped))
        expectFailure(corrupt, "checksum") { _ = try Checkpoint.read(from: corrupt) }

        let truncated = temporaryPath("truncated.ckpt")
        _ = FileManager.default.createFile(atPath: truncated, contents: Data(bytes.prefix(bytes.count - 200)))
        expectFailure(truncated, "truncated") { _ = try Checkpoint.read(from: truncated) }

        let foreign = temporaryPath("foreign.ckpt")
        var wrongMagic = bytes
        wrongMagic[0] = UInt8(ascii: "X")
        _ = FileManager.default.createFile(atPath: foreign, contents: Data(wrongMagic))
        expectFailure(foreign, "magic") { _ = try Checkpoint.read(from: foreign) }

        let future = temporaryPath("future.ckpt")
        var newerVersion = bytes
        newerVersion[8] = 2
        _ = FileManager.default.createFile(atPath: future, contents: Data(newerVersion))
        expectFailure(future, "format version 2") { _ = try Checkpoint.read(from: future) }

        let missing = temporaryPath("missing.ckpt")
        expectFailure(missing, "cannot be read") { _ = try Checkpoint.read(from: missing) }
    }

    @Test func mismatchedConfigurationsAreErrors() throws {
        let (model, path) = try writtenCheckpoint("mismatch.ckpt")
        var other = oddConfig
        other.width = 16
        expectFailure(path, "expected") { _ = try Checkpoint.read(from: path, expecting: other) }

        // A well-formed file (valid checksum) whose tensor table disagrees with its configuration.
        var checkpoint = model.checkpoint(metadata: [:])
        checkpoint.tensors[3].shape = [5, 5]
        let forged = temporaryPath("forged.ckpt")
        try checkpoint.write(to: forged)
        expectFailure(forged, "tensor table") { _ = try Checkpoint.read(from: forged) }
    }
}
