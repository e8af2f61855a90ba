import Foundation

/// The learning rate of each optimizer step. The paper (Appendix A.1, Table 5) decays linearly after
/// 100 warm-up steps over 2000 steps, with the Hugging Face / optax semantics:
///
///     eta_k = peak * k / max(1, warmup)                               for k < warmup
///     eta_k = peak * max(0, (total - k) / max(1, total - warmup))      otherwise
///
/// for the 0-based optimizer step k, so the first update (k = 0) uses learning rate 0 when there is a
/// warm-up. LoRA+ scales the rate of B by its ratio itself; the schedule is the rate of A.
///
/// `warmupConstant` warms up the same way and then holds the peak. `warmupDecayToFloor` is base-model
/// pretraining's schedule, which counts steps from 1 (t = k + 1), so its first update already moves:
///
///     eta_k = peak * t / max(1, warmup)                                 for t <= warmup
///     p     = min(1, (t - warmup) / max(1, total - warmup)),   floor = peak * floorRatio
///     eta_k = floor + (peak - floor) * (1 + cos(pi p)) / 2  (cosine),  or  peak - (peak - floor) * p  (linear)
///
/// Adding a case leaves the encoding of the others as it was (each case encodes under its own name).
public enum LearningRateSchedule: Hashable, Sendable, Codable {
    /// How `warmupDecayToFloor` falls from the peak to its floor.
    public enum DecayShape: String, Hashable, Sendable, Codable, CaseIterable {
        /// Half a cosine period.
        case cosine
        /// A straight line.
        case linear
    }

    case constant(peak: Double)
    case linearWarmupDecay(peak: Double, warmupSteps: Int, totalSteps: Int)
    case warmupConstant(peak: Double, warmupSteps: Int)
    case warmupDecayToFloor(peak: Double, warmupSteps: Int, totalSteps: Int, floorRatio: Double, shape: DecayShape)

    /// The paper's schedule for a given peak: 100 warm-up steps, 2000 steps in all.
    public static func paper(peak: Double) -> LearningRateSchedule {
        .linearWarmupDecay(peak: peak, warmupSteps: 100, totalSteps: 2000)
    }

    /// The rate used at optimizer step `k` (0-based).
    public func rate(atStep k: Int) -> Double {
        switch self {
        case let .constant(peak):
            return peak
        case let .linearWarmupDecay(peak, warmup, total):
            if k < warmup { return peak * (Double(k) / Double(max(1, warmup))) }
            return peak * max(0, Double(total - k) / Double(max(1, total - warmup)))
        case let .warmupConstant(peak, warmup):
            return k < warmup ? peak * (Double(k) / Double(max(1, warmup))) : peak
        case let .warmupDecayToFloor(peak, warmup, total, floorRatio, shape):
            let t = k + 1, floor = peak * floorRatio
            if t <= warmup { return peak * Double(t) / Double(max(warmup, 1)) }
            let progress = min(Double(t - warmup) / Double(max(total - warmup, 1)), 1)
            switch shape {
            case .cosine: return floor + (peak - floor) * 0.5 * (1 + cos(Double.pi * progress))
            case .linear: return peak - (peak - floor) * progress
            }
        }
    }

    /// The largest rate of the schedule.
    public var peak: Double {
        switch self {
        case let .constant(peak), let .linearWarmupDecay(peak, _, _), let .warmupConstant(peak, _),
             let .warmupDecayToFloor(peak, _, _, _, _): return peak
        }
    }
}
