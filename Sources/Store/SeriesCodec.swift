internal import CZlib
import Foundation

/// Lossless compression of one series of fixed-width words (Float32 or Float64 bit patterns, step
/// numbers) into a self-describing blob.
///
/// Layout: byte 0 is the format (1), byte 1 the word width in bytes (4 or 8), byte 2 the predictor
/// order (0, 1 or 2), bytes 3-6 the word count (little-endian UInt32), then a zlib stream of the
/// residuals. A residual is the word minus its prediction in wrapping integer arithmetic on the bit
/// patterns (order 0: nothing, 1: the previous word, 2: the line through the two previous words),
/// zigzag-mapped so that small negative residuals have small codes, then byte-shuffled: the lowest
/// bytes of all residuals, then the second bytes, and so on.
///
/// Why: neighbouring steps of a smooth series share their sign, exponent and leading mantissa bits,
/// so the shuffled planes of high bytes are long runs that deflate removes, and a linear schedule
/// has differences of a few units in the last place. Measured on the committed store, a step's
/// Float32 norm takes about 1.5 bytes, its noisier loss and ratios about 3, and its Float64
/// learning rate under half a byte.
///
/// The encoder tries every order and keeps the smallest blob (the lower order on a tie), so the
/// output is a pure function of the words and the zlib build; decoding depends on neither choice.
enum SeriesCodec {
    static let format: UInt8 = 1
    static let headerSize = 7
    static let orders: [UInt8] = [0, 1, 2]

    static func encode<Word: FixedWidthInteger & UnsignedInteger>(_ words: [Word]) throws -> Data {
        guard words.count <= Int(UInt32.max) else { throw StoreError.cannotStore("a series of \(words.count) values is longer than a blob's count field") }
        var best: Data?
        for order in orders {
            let blob = try encode(words, order: order)
            if best == nil || blob.count < best!.count { best = blob }
        }
        return best!
    }

    static func encode<Word: FixedWidthInteger & UnsignedInteger>(_ words: [Word], order: UInt8) throws -> Data {
        let width = Word.bitWidth / 8
        var planes = [UInt8](repeating: 0, count: words.count * width)
        for index in words.indices {
            let code = zigzag(words[index] &- prediction(words, index, order: order))
            for byte in 0 ..< width { planes[byte * words.count + index] = UInt8(truncatingIfNeeded: code >> (8 * byte)) }
        }
        var blob = Data([format, UInt8(width), order])
        withUnsafeBytes(of: UInt32(words.count).littleEndian) { blob.append(contentsOf: $0) }
        blob.append(try deflate(planes))
        return blob
    }

    static func decode<Word: FixedWidthInteger & UnsignedInteger>(_ blob: Data, as _: Word.Type = Word.self) throws -> [Word] {
        let bytes = [UInt8](blob)
        let width = Word.bitWidth / 8
        guard bytes.count >= headerSize, bytes[0] == format else { throw StoreError.corrupt("a step series blob has an unknown format") }
        guard Int(bytes[1]) == width else { throw StoreError.corrupt("a step series blob holds \(bytes[1])-byte values, expected \(width)") }
        let order = bytes[2]
        guard orders.contains(order) else { throw StoreError.corrupt("a step series blob has an unknown predictor order \(order)") }
        let count = (0 ..< 4).reduce(0) { $0 | Int(bytes[3 + $1]) << (8 * $1) }
        let planes = try inflate(Array(bytes[headerSize...]), expectedSize: count * width)
        var words = [Word](repeating: 0, count: count)
        for index in 0 ..< count {
            var code: Word = 0
            for byte in 0 ..< width { code |= Word(planes[byte * count + index]) << (8 * byte) }
            words[index] = unzigzag(code) &+ prediction(words, index, order: order)
        }
        return words
    }

    /// The prediction of word `index` from the words before it (already decoded when decoding).
    private static func prediction<Word: FixedWidthInteger & UnsignedInteger>(_ words: [Word], _ index: Int, order: UInt8) -> Word {
        switch (order, index) {
        case (0, _), (_, 0): 0
        case (1, _), (_, 1): words[index - 1]
        default: 2 &* words[index - 1] &- words[index - 2]
        }
    }

    private static func zigzag<Word: FixedWidthInteger & UnsignedInteger>(_ residual: Word) -> Word {
        let negative = residual >> (Word.bitWidth - 1) == 1
        return (residual << 1) ^ (negative ? ~0 : 0)
    }

    private static func unzigzag<Word: FixedWidthInteger & UnsignedInteger>(_ code: Word) -> Word {
        (code >> 1) ^ (0 &- (code & 1))
    }

    private static func deflate(_ input: [UInt8]) throws -> Data {
        var size = compressBound(uLong(input.count))
        var output = [UInt8](repeating: 0, count: Int(size))
        let status = compress2(&output, &size, input, uLong(input.count), Z_BEST_COMPRESSION)
        guard status == Z_OK else { throw StoreError.cannotStore("zlib could not compress a step series (status \(status))") }
        return Data(output[0 ..< Int(size)])
    }

    private static func inflate(_ input: [UInt8], expectedSize: Int) throws -> [UInt8] {
        // One spare byte: a stream longer than the header says fills it and is refused, not cut.
        var size = uLong(expectedSize + 1)
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        let status = uncompress(&output, &size, input, uLong(input.count))
        guard status == Z_OK, Int(size) == expectedSize else {
            throw StoreError.corrupt("a step series blob does not decompress to its \(expectedSize) bytes (zlib status \(status))")
        }
        return Array(output[0 ..< expectedSize])
    }
}
