import Foundation
@testable import Store
import Testing

@Suite struct SeriesCodecTests {
    /// Float32 bit patterns of every kind a series can hold, then a noisy walk from a fixed seed.
    static func floatWords(count: Int) -> [UInt32] {
        let special: [Float] = [0, -0.0, 1, -1, .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
                                .infinity, -.infinity, .nan, 1e-40, 3.5, 1e30]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var value: Float = 2
        var words = special.map(\.bitPattern)
        while words.count < count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            value *= 1 + Float(Int64(bitPattern: state) >> 40) / Float(1 << 26)
            words.append(value.bitPattern)
        }
        return Array(words.prefix(count))
    }

    @Test func everyOrderRoundTripsEveryBitPattern() throws {
        for order in SeriesCodec.orders {
            for count in [0, 1, 2, 3, 13, 500] {
                let words = Self.floatWords(count: count)
                #expect(try SeriesCodec.decode(SeriesCodec.encode(words, order: order), as: UInt32.self) == words, "order \(order), \(count) words")
                let wide = words.map { UInt64($0) << 32 | UInt64(~$0) }
                #expect(try SeriesCodec.decode(SeriesCodec.encode(wide, order: order), as: UInt64.self) == wide, "order \(order), \(count) words")
            }
        }
    }

    @Test func headerAndChoiceOfPredictor() throws {
        // The paper's schedule in Float64: second differences of a few units in the last place.
        let schedule: [UInt64] = (0 ..< 2000).map { (k: Int) -> UInt64 in
            let rate: Double = k < 100 ? 1e-2 * (Double(k) / 100) : 1e-2 * (Double(2000 - k) / 1900)
            return rate.bitPattern
        }
        let blob = try SeriesCodec.encode(schedule)
        let header: [UInt8] = [1, 8, 0xD0, 0x07, 0, 0]
        #expect(Array(blob.prefix(2)) + Array(blob[3 ..< 7]) == header, "format 1, 8-byte words, 2000 words")
        #expect(try SeriesCodec.orders.allSatisfy { try blob.count <= SeriesCodec.encode(schedule, order: $0).count }, "the smallest is kept")
        #expect(blob.count < 1000, "the learning rate costs under half a byte per step, not 8: \(blob.count) bytes")
        #expect(try SeriesCodec.decode(blob, as: UInt64.self) == schedule)
        // A constant: orders 1 and 2 give the same residuals, and the lower order is kept.
        #expect(try SeriesCodec.encode([UInt32](repeating: 7, count: 100))[2] == 1)
        let noise: [UInt32] = (0 ..< 1000).map { (i: Int) -> UInt32 in UInt32(truncatingIfNeeded: (i &* 2_654_435_761) >> 3) }
        let chosen = try SeriesCodec.encode(noise)
        #expect(try SeriesCodec.orders.allSatisfy { try chosen.count <= SeriesCodec.encode(noise, order: $0).count })
    }

    @Test func aDamagedBlobIsRefused() throws {
        let blob = try SeriesCodec.encode(Self.floatWords(count: 100))
        func refused(_ bytes: Data, _ comment: Comment) {
            #expect(throws: StoreError.self, comment) { try SeriesCodec.decode(bytes, as: UInt32.self) }
        }
        refused(blob.prefix(6), "shorter than its header")
        refused(blob.prefix(blob.count - 3), "a cut stream")
        var format = blob; format[0] = 2
        refused(format, "an unknown format")
        var order = blob; order[2] = 3
        refused(order, "an unknown order")
        var more = blob; more[3] += 1
        refused(more, "a count the stream does not fill")
        var fewer = blob; fewer[3] -= 1
        refused(fewer, "a stream longer than its count")
        #expect(throws: StoreError.self) { try SeriesCodec.decode(blob, as: UInt64.self) }
    }
}
