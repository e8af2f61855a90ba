/// The learning rate of each optimizer step. The paper (Appendix A.1, Table 5) decays linearly after
/// 100 warm-up steps over 2000 steps, with the Hugging Face / optax semantics:
///
///     eta_k = peak * k / max(1, warmup)                               for k < warmup
///     eta_k = peak * max(0, (total - k) / max(1, total - warmup))      otherwise
///
/// `warmupConstant` warms up the same way and then holds the peak.
///
/// for the 0-based optimizer step k, so the first update (k = 0) uses learning rate 0 when there is a
/// warm-up. LoRA+ scales the rate of B by its ratio itself; the schedule is the rate of A.
public enum LearningRateSchedule: Hashable, Sendable, Codable {
    case constant(peak: Double)
    case linearWarmupDecay(peak: Double, warmupSteps: Int, totalSteps: Int)
    case warmupConstant(peak: Double, warmupSteps: Int)

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
        }
    }

    /// The largest rate of the schedule.
    public var peak: Double {
        switch self {
        case let .constant(peak), let .linearWarmupDecay(peak, _, _), let .warmupConstant(peak, _): return peak
        }
    }
}
