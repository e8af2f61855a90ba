// Optimizer variants: an experiment may declare one optimizer several times with different
// hyper-parameters (`lora-rite` with beta1 0.9 and 0.99), or several experiments tabled together
// may. Their runs share the optimizer's name, so the report would see two runs with the same
// configuration and seed. `StoreReader` names each variant by the hyper-parameters that differ
// among the runs of that optimizer in scope: `lora-rite(beta1=0.99)`, keys sorted, values as the
// canonical configuration writes them (whole numbers without a fraction). An optimizer declared
// with one set of hyper-parameters keeps its plain name, so the paper's tables are unchanged.
import Foundation

enum OptimizerVariants {
    /// One hyper-parameter value of a run's canonical configuration.
    enum Value: Decodable, Hashable, CustomStringConvertible {
        case bool(Bool), number(Double), text(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) {
                self = .bool(flag)
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else {
                self = .text(try container.decode(String.self))
            }
        }

        var description: String {
            switch self {
            case let .bool(flag): return flag ? "true" : "false"
            case let .text(text): return text
            case let .number(number):
                if number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
                return number.description
            }
        }
    }

    private struct Configuration: Decodable {
        struct Optimizer: Decodable { var hyperparameters: [String: Value]? }
        var optimizer: Optimizer?
    }

    /// The hyper-parameters in a run's canonical configuration JSON (empty if it has none).
    static func hyperparameters(configJSON: String) -> [String: Value] {
        (try? JSONDecoder().decode(Configuration.self, from: Data(configJSON.utf8)))?.optimizer?.hyperparameters ?? [:]
    }

    /// Each run's optimizer name, with the variant label where one optimizer has runs with
    /// different hyper-parameters (`optimizers[i]` ran with `hyperparameters[i]`).
    static func labels(optimizers: [String], hyperparameters: [[String: Value]]) -> [String] {
        let runs = zip(optimizers, hyperparameters).map { (optimizer: $0, hyperparameters: $1) }
        var sets: [String: [[String: Value]]] = [:]
        for run in runs where !(sets[run.optimizer]?.contains(run.hyperparameters) ?? false) {
            sets[run.optimizer, default: []].append(run.hyperparameters)
        }
        return runs.map { run in
            guard let variants = sets[run.optimizer], variants.count > 1 else { return run.optimizer }
            let keys = Set(variants.flatMap(\.keys)).filter { key in Set(variants.map { $0[key] }).count > 1 }.sorted()
            let items = keys.map { "\($0)=\(run.hyperparameters[$0].map(\.description) ?? "-")" }
            return "\(run.optimizer)(\(items.joined(separator: ", ")))"
        }
    }
}
