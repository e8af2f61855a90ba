// SHA-256 (FIPS 180-4), used for run keys, checkpoint checksums, task digests and table digests.
// The compression itself is the crypto package's; this type keeps the project's own small API
// (byte sequences, raw buffers, strings, lowercase hex) so that no other target imports the
// package. Run keys and checkpoint checksums depend on these digests: Tests/RiteCoreTests checks
// them against the standard's test vectors and against a long and a streamed input.

internal import Crypto

/// An incremental SHA-256 hasher.
///
/// A value type: copying a hasher forks it, and each copy goes on independently.
// Unchecked because the package's hasher keeps its state in a copy-on-write box that it copies
// before every write when the box is shared, and only reads it in `finalize`; the Swift compiler
// cannot see that, so the package does not declare it Sendable.
public struct SHA256: @unchecked Sendable {
    private var hasher = Crypto.SHA256()

    public init() {}

    /// Feeds bytes to the hash. Contiguous inputs (arrays, buffers) are hashed without copying,
    /// so checkpoint files of megabytes hash quickly.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if handled == nil { update(Array(bytes)) }
    }

    /// Feeds raw bytes to the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        hasher.update(bufferPointer: bytes)
    }

    /// Feeds the UTF-8 bytes of a string.
    public mutating func update(_ string: String) { update(Array(string.utf8)) }

    /// Feeds the raw little-endian bytes of a buffer of trivial values (floats, integers).
    public mutating func update<T: BitwiseCopyable>(contentsOf values: UnsafeBufferPointer<T>) {
        update(UnsafeRawBufferPointer(values))
    }

    /// Finishes the hash and returns the 32-byte digest.
    public consuming func finalize() -> [UInt8] {
        Array(hasher.finalize())
    }

    /// The lowercase hexadecimal digest of `bytes`.
    public static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var hasher = SHA256()
        hasher.update(bytes)
        return hexString(hasher.finalize())
    }

    /// The lowercase hexadecimal digest of the UTF-8 bytes of `string`.
    public static func hex(_ string: String) -> String { hex(Array(string.utf8)) }

    /// Lowercase hexadecimal text of raw bytes.
    public static func hexString(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
