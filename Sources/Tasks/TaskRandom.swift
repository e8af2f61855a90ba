// Deterministic randomness for the task generators and the corpus. Everything the Tasks target
// draws comes from `TaskRandom` (SplitMix64) with seeds derived by `StableHash`, never from the
// system generator, and the helpers below (uniform integers, picks, shuffles) are written here
// rather than taken from the standard library so that their algorithms cannot change under us.

/// SplitMix64 (Steele, Lea and Flood, 2014): a small, fast generator with a 64-bit state.
public struct TaskRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return StableHash.finalize(state)
    }

    /// A uniform integer in `0 ..< bound` (Lemire's multiply-high; the bias is below 2^-58 for the
    /// bounds used here, and the result is the same on every platform).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "below(_:) needs a positive bound")
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A uniform integer in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// A uniform double in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// A uniformly chosen element of a non-empty collection.
    public mutating func pick<C: RandomAccessCollection>(_ items: C) -> C.Element where C.Index == Int {
        items[items.startIndex + below(items.count)]
    }

    /// A Fisher-Yates shuffle (from the back), the same on every platform.
    public mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, below(i + 1))
        }
    }

    public mutating func shuffled<T>(_ items: [T]) -> [T] {
        var copy = items
        shuffle(&copy)
        return copy
    }

    /// `count` distinct elements of `items` in random order (`count` must not exceed `items.count`).
    public mutating func sample<T>(_ items: [T], _ count: Int) -> [T] {
        precondition(count <= items.count, "sample(_:_:) asked for more items than there are")
        var copy = items
        for i in 0 ..< count { copy.swapAt(i, i + below(copy.count - i)) }
        return Array(copy[0 ..< count])
    }
}

/// Stable 64-bit hashing of strings and integers (FNV-1a followed by the SplitMix64 finaliser).
/// Unlike `Hasher`, it is the same in every process, so it can derive seeds and assign splits.
public enum StableHash {
    /// The SplitMix64 output function: a bijective mixer of 64-bit words.
    @inline(__always)
    public static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The hash of the UTF-8 bytes of `text`.
    public static func of(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01B3
        }
        return finalize(h)
    }

    /// Combines hashes and integers into one seed, order-sensitively.
    public static func combine(_ parts: UInt64...) -> UInt64 {
        var h: UInt64 = 0x6A09_E667_F3BC_C909
        for part in parts { h = finalize(h ^ finalize(part &+ 0x9E37_79B9_7F4A_7C15)) }
        return h
    }

    /// A position in [0, 1) determined by `key`, used to assign an example to a split.
    public static func unitInterval(_ key: String, salt: UInt64) -> Double {
        Double(combine(salt, of(key)) >> 11) * 0x1p-53
    }
}
