@testable import Tasks
import RiteCore
import Testing

/// Pins the first examples of every split of every task: any change to a generator, the lexicon,
/// the world or the split assignment changes a digest here, and must come with a new version.
@Suite struct DigestTests {
    static func digest(_ task: any BenchmarkTask) -> String {
        var hasher = SHA256()
        for split in Split.allCases where task.size(split) > 0 {
            for index in 0 ..< 5 {
                let e = task.example(split, index)
                let answer = e.answerIndex.map(String.init) ?? "-"
                hasher.update("\(e.id)\n\(e.prompt)\n\(e.choices.joined(separator: "\t"))\n\(answer)\n\(e.target)\n")
            }
        }
        return SHA256.hexString(hasher.finalize())
    }

    static let pinned: [String: (version: String, digest: String)] = [
        "hellaswag-style": ("g1.w1.t1", "f4b0e6acc460e7d4ee6d3df795e1644e4931f957ae2f79c84ab425031bbee12a"),
        "arc-style": ("g1.w1.t1", "7270b211385e9038c364bc77eecd70f57b77a0d5968924a8845e314e08d20140"),
        "gsm8k-style": ("g1.w1.t1", "b6a6ada1d8dfe9cdbd8d9a8fae3bc221ebff8e367ea465e0b00f9042adca023c"),
        "openbookqa-style": ("g1.w1.t1", "a38142931d14065eb86fd3a3ed76a955672513d2fc41e05ef4f2a7c3a4761d21"),
        "sni-cause-effect": ("g1.w1.t1", "c14f8e02bb0bef72cc48ca921767896014d371e042370a34787194e7a974164d"),
        "sni-coreference": ("g1.w1.t1", "538dfa324f5ed5ca13ca5664d5a98562788852fe78ceb08ce53c54e793c7b9a8"),
        "sni-title": ("g1.w1.t1", "7c22d4f027e4c1c7537cc66619176dc25d7de37f93ca6dd4ae6ed0e0f556b11c"),
        "sni-data-to-text": ("g1.w1.t1", "2de471ff83eb0b7a2a6bd3a06300bf93cf85e269873b6d547d140bddf646b9f0"),
        "sni-global": ("g1.w1.t1", "e02560c67e4f57fa98e18df9876ef581cd11f541a4e21456a906b70a50cf14d1"),
    ]

    @Test(arguments: TaskCatalog.names)
    func firstExamplesArePinned(name: String) throws {
        let task = try TaskCatalog.task(named: name)
        let pin = try #require(Self.pinned[name])
        #expect(task.version == pin.version)
        let got = Self.digest(task)
        #expect(got == pin.digest, "\(name): \(got)")
    }
}
