import Optimizers
import RiteCore

/// Hyper-parameter values in run keys: the Optimizers target's `HyperparameterValue` as canonical JSON.
extension HyperparameterValue {
    var canonical: CanonicalJSON {
        switch self {
        case let .number(value): .double(value)
        case let .flag(value): .bool(value)
        case let .text(value): .string(value)
        }
    }
}
