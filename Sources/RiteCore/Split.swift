/// A split of a task's examples: trained on (`train`), used to choose settings such as the learning
/// rate (`dev`), and held out for the reported scores (`test`). The raw value is the name specs,
/// the store's score rows and reports use. Defined here, the lowest target, so that the task
/// generators, the sweep and the report layer share one type.
public enum Split: String, CaseIterable, Codable, Sendable {
    case train, dev, test
}
