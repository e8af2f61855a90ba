// How the time of one optimizer step grows with the sizes of one LoRA pair, in the paper's notation:
// A is m x r and B is n x r (in PEFT layout m is the input and n the output width). Table 7 of the
// report fits a power law t ~ size^k per varied size and prints it next to these leading powers, so
// each optimizer states its own cost here rather than the report keeping a list by name.

/// The leading power of an optimizer's step time in each size, and whether the paper's Table 7 lists it.
public struct StepCost: Sendable, Equatable {
    /// A size that a Table 7 series varies with the others fixed; `mEqualsN` grows m and n together.
    public enum Size: String, Sendable, CaseIterable {
        case m, n, r
        case mEqualsN = "m=n"
    }

    /// Whether the paper's Table 7 has a row for the optimizer. The row itself is the paper's data
    /// (the report finds it by the optimizer's display name); a missing row says why.
    public enum PaperTable7: Sendable, Equatable {
        case listed
        /// Not in the paper's Table 7; `note` (if any) says what its cost is instead.
        case notListed(note: String?)
    }

    /// Leading power of the time complexity in m, n, r and m = n together.
    public let m: Int
    public let n: Int
    public let r: Int
    public let mEqualsN: Int
    public let paperTable7: PaperTable7

    public init(m: Int, n: Int, r: Int, mEqualsN: Int, paperTable7: PaperTable7) {
        self.m = m
        self.n = n
        self.r = r
        self.mEqualsN = mEqualsN
        self.paperTable7 = paperTable7
    }

    /// The leading power in one size.
    public func leadingPower(_ size: Size) -> Int {
        switch size {
        case .m: return m
        case .n: return n
        case .r: return r
        case .mEqualsN: return mEqualsN
        }
    }

    /// O(m r + n r): element-wise work on both factors (Adam, Lamb, SGD and their kin).
    public static func elementwise(paperTable7: PaperTable7) -> StepCost {
        StepCost(m: 1, n: 1, r: 1, mEqualsN: 1, paperTable7: paperTable7)
    }
}
