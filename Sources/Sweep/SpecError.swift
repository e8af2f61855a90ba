/// A spec that cannot be used, located like a compiler diagnostic:
/// `experiments/table2.yaml:12:5: training.steps: expected a positive integer, found "ten"`.
public struct SpecError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    /// 1-based line and column of the offending node (0 when unknown, for example an unreadable file).
    public var line: Int
    public var column: Int
    /// The key path inside the spec, such as `optimizers[1].hyperparameters.beta1` (empty for the whole file).
    public var keyPath: String
    public var message: String

    public init(file: String, line: Int, column: Int, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        let location = line > 0 ? "\(file):\(line):\(column)" : file
        return keyPath.isEmpty ? "\(location): \(message)" : "\(location): \(keyPath): \(message)"
    }
}
