import Foundation
import RiteCore

/// A base-model checkpoint: configuration, free-form metadata, tensor table and parameters.
///
/// File format (version 1), all integers little-endian:
///
/// | bytes | content |
/// |---|---|
/// | 8 | magic `RITECKPT` (ASCII) |
/// | 4 | format version, UInt32 = 1 |
/// | 4 | header length H, UInt32 |
/// | H | header: UTF-8 JSON with sorted keys, `{"config": ModelConfig, "metadata": {String: String}, "tensors": [{"name", "offset", "shape"}]}` |
/// | 4 P | the P parameters, float32 little-endian, in tensor-table order (offsets in elements) |
/// | 32 | SHA-256 of every byte before it |
///
/// The same parameters and metadata always give the same bytes. Reading checks the magic, the
/// version, the checksum, the header, that the tensor table is exactly the layout of the
/// configuration, and the file length; any failure throws a `CheckpointError` naming the file.
public struct Checkpoint: Sendable {
    public static let magic: [UInt8] = Array("RITECKPT".utf8)
    public static let formatVersion: UInt32 = 1
    static let prefixLength = 16
    static let checksumLength = 32

    public var config: ModelConfig
    public var metadata: [String: String]
    public var tensors: [TensorEntry]
    /// Every parameter, in tensor-table order.
    public var parameters: [Float]
    /// The file this checkpoint was read from, if any (for error messages).
    public var sourcePath: String?

    public init(config: ModelConfig, metadata: [String: String], tensors: [TensorEntry], parameters: [Float]) {
        self.config = config
        self.metadata = metadata
        self.tensors = tensors
        self.parameters = parameters
    }

    struct Header: Codable {
        var config: ModelConfig
        var metadata: [String: String]
        var tensors: [TensorEntry]
    }

    /// The file's bytes.
    public func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let header = try [UInt8](encoder.encode(Header(config: config, metadata: metadata, tensors: tensors)))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Self.prefixLength + header.count + 4 * parameters.count + Self.checksumLength)
        bytes += Self.magic
        appendLittleEndian(Self.formatVersion, to: &bytes)
        appendLittleEndian(UInt32(header.count), to: &bytes)
        bytes += header
        #if _endian(little)
        parameters.withUnsafeBytes { bytes += $0 }
        #else
        for value in parameters { appendLittleEndian(value.bitPattern, to: &bytes) }
        #endif
        var hasher = SHA256()
        hasher.update(bytes)
        bytes += hasher.finalize()
        return bytes
    }

    /// Writes the checkpoint atomically (a temporary file renamed into place).
    public func write(to path: String) throws {
        do {
            try Data(try encoded()).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CheckpointError(path: path, problem: "cannot be written: \(error.localizedDescription)")
        }
    }

    /// Reads and verifies a checkpoint file.
    public static func read(from path: String) throws -> Checkpoint {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CheckpointError(path: path, problem: "cannot be read (missing or unreadable)")
        }
        var checkpoint = try decode([UInt8](data), path: path)
        checkpoint.sourcePath = path
        return checkpoint
    }

    /// Reads a checkpoint and checks it was made for `expected` (for example a preset's shape).
    public static func read(from path: String, expecting expected: ModelConfig) throws -> Checkpoint {
        let checkpoint = try read(from: path)
        if checkpoint.config != expected {
            throw CheckpointError(path: path, problem: "holds a model \(describe(checkpoint.config)); expected \(describe(expected))")
        }
        return checkpoint
    }

    /// Decodes and verifies the bytes of a checkpoint file; `path` names it in errors.
    public static func decode(_ bytes: [UInt8], path: String) throws -> Checkpoint {
        func fail(_ problem: String) -> CheckpointError { CheckpointError(path: path, problem: problem) }
        guard bytes.count >= magic.count, Array(bytes[0 ..< magic.count]) == magic else {
            throw fail("is not a rite-repro checkpoint (wrong magic bytes)")
        }
        guard bytes.count >= prefixLength + checksumLength else {
            throw fail("is truncated: \(bytes.count) bytes, shorter than the fixed prefix and checksum")
        }
        let version = readLittleEndian(UInt32.self, bytes, at: 8)
        guard version == formatVersion else {
            throw fail("has format version \(version); this build reads version \(formatVersion)")
        }
        let headerLength = Int(readLittleEndian(UInt32.self, bytes, at: 12))
        let header = try? JSONDecoder().decode(Header.self, from: Data(bytes[prefixLength ..< min(prefixLength + headerLength, bytes.count)]))
        if let header, (try? header.config.validate()) != nil {
            let expectedLength = prefixLength + headerLength + 4 * ParameterLayout(config: header.config).count + checksumLength
            if bytes.count < expectedLength {
                throw fail("is truncated: \(bytes.count) bytes, its header announces \(expectedLength)")
            }
        }
        let body = bytes.count - checksumLength
        var hasher = SHA256()
        hasher.update(bytes[0 ..< body])
        guard hasher.finalize() == Array(bytes[body...]) else {
            throw fail("is corrupt: its SHA-256 checksum does not match its contents")
        }
        guard let header else { throw fail("has an unreadable header (not the expected JSON)") }
        do { try header.config.validate() } catch { throw fail("\(error)") }
        let layout = ParameterLayout(config: header.config)
        guard header.tensors == layout.entries else {
            throw fail("has a tensor table that does not match the layout of its configuration \(describe(header.config))")
        }
        let dataStart = prefixLength + headerLength
        guard body - dataStart == 4 * layout.count else {
            throw fail("holds \(body - dataStart) bytes of parameters; its tensor table needs \(4 * layout.count)")
        }
        var parameters = [Float](repeating: 0, count: layout.count)
        #if _endian(little)
        parameters.withUnsafeMutableBytes { destination in
            bytes.withUnsafeBytes { source in
                destination.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[dataStart ..< dataStart + 4 * layout.count]))
            }
        }
        #else
        for i in 0 ..< layout.count {
            parameters[i] = Float(bitPattern: readLittleEndian(UInt32.self, bytes, at: dataStart + 4 * i))
        }
        #endif
        return Checkpoint(config: header.config, metadata: header.metadata, tensors: header.tensors, parameters: parameters)
    }

    static func describe(_ c: ModelConfig) -> String {
        "(vocabulary \(c.vocabularySize), context \(c.contextLength), width \(c.width), layers \(c.layers), heads \(c.heads), MLP \(c.mlpWidth))"
    }
}

/// A checkpoint that cannot be used, with the file and what is wrong.
public struct CheckpointError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "checkpoint \(path) \(problem)" }
}

private func appendLittleEndian<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
    var v = value.littleEndian
    withUnsafeBytes(of: &v) { bytes += $0 }
}

private func readLittleEndian<T: FixedWidthInteger>(_: T.Type, _ bytes: [UInt8], at offset: Int) -> T {
    var value: T = 0
    for i in 0 ..< MemoryLayout<T>.size { value |= T(bytes[offset + i]) << (8 * i) }
    return value
}
