import Foundation
import Model
import RiteCore

/// A fresh empty folder under the temporary directory.
func temporaryFolder() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("training-tests-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A small configuration with sizes that are not multiples of the SIMD width: d = 12 (2 heads of 6),
/// MLP 20, vocabulary 23, context 9.
let oddConfig = ModelConfig(vocabularySize: 23, contextLength: 9, width: 12, layers: 2, heads: 2, mlpWidth: 20)

/// Deterministic uniform tokens in [0, vocabulary).
func randomTokens(_ count: Int, vocabulary: Int, seed: UInt64) -> [Int32] {
    var rng = SeededGenerator(seed: seed)
    return (0 ..< count).map { _ in Int32(rng.nextIndex(vocabulary)) }
}
