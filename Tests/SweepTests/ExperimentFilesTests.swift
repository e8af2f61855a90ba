import Foundation
import Store
@testable import Sweep
import Testing

/// The committed experiment specs decode with this build's vocabulary, select each task on a metric
/// it is scored with, and keep their learning rates on the 1-2-5 ladder inside the paper's search
/// range 2e-6 ... 2e-2 (the audit found a quick grid reaching 3e-2).
@Suite struct ExperimentFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var specFiles: [String] {
        ["quick", "standard", "full"].flatMap { folder -> [String] in
            let directory = root.appendingPathComponent("experiments/\(folder)")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            return names.filter { $0.hasSuffix(".yaml") }.sorted().map { directory.appendingPathComponent($0).path }
        }
    }

    @Test func everyProfileHasSpecs() {
        #expect(Self.specFiles.count >= 15, "\(Self.specFiles)")
    }

    @Test(arguments: specFiles)
    func specDecodesWithRatesOnTheLadderInsideThePaperRange(path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let spec = try SpecDecoder.decode(text: text, file: path, vocabulary: .standard)
        for rate in spec.learningRates {
            #expect(rate >= 2e-6 * (1 - 1e-12) && rate <= 2e-2 * (1 + 1e-12), "\(rate) is outside 2e-6 ... 2e-2")
            let exponent = (log10(rate)).rounded(.down)
            let mantissa = rate / pow(10, exponent)
            #expect([1.0, 2.0, 5.0].contains { abs(mantissa - $0) < 1e-9 }, "\(rate) is not on the 1-2-5 ladder")
        }
        for task in spec.tasks {
            let scores = try #require(SpecVocabulary.standard.taskScores[task])
            #expect(scores.metrics.contains(spec.selection.metric(for: task)))
        }
    }
}
