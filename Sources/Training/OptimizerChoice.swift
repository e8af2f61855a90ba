import Optimizers

/// One optimizer of the grid with its complete, validated hyper-parameters.
public struct OptimizerChoice: Sendable, Equatable, Hashable, Codable {
    public var name: String
    public var hyperparameters: [String: HyperparameterValue]

    public init(name: String, hyperparameters: [String: HyperparameterValue]) {
        self.name = name
        self.hyperparameters = hyperparameters
    }

    /// `name` alone when it has no hyper-parameters, else `name(key=value, ...)` with sorted keys.
    public var label: String {
        if hyperparameters.isEmpty { return name }
        let items = hyperparameters.keys.sorted().map { "\($0)=\(hyperparameters[$0]!)" }
        return "\(name)(\(items.joined(separator: ", ")))"
    }
}
