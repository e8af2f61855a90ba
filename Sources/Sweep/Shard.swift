/// A deterministic share of a grid: run key `k` belongs to shard `K/N` when the first 16 hex
/// digits of `k`, read as an unsigned integer, are `K - 1` modulo `N`. Keys are SHA-256 digests,
/// so shards are balanced, and the same run is in the same shard on every machine.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// 1-based.
    public let index: Int
    public let count: Int

    public static let whole = Shard(validIndex: 1, count: 1)

    private init(validIndex: Int, count: Int) {
        index = validIndex
        self.count = count
    }

    /// Parses `K/N` with `1 <= K <= N`; `nil` otherwise.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1 ... n).contains(k) else { return nil }
        self.init(validIndex: k, count: n)
    }

    public var description: String { "\(index)/\(count)" }

    public func contains(key: String) -> Bool {
        guard count > 1 else { return true }
        let value = UInt64(key.prefix(16), radix: 16) ?? 0
        return Int(value % UInt64(count)) == index - 1
    }
}
