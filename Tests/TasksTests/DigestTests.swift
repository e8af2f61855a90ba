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
        "hellaswag-style": ("g2.w1.t2", "a84b10be0eed8193b6d6e654cc56e0345953e0e0f01626dcb06b3ce5b0507435"),
        "arc-style": ("g2.w1.t2", "94d678a5f5dbbfefa1c8f6c5c1b397076d68ffb20eb4948c52097f1ce992b849"),
        "gsm8k-style": ("g2.w1.t2", "f17decc976eb69cda5b5ebdd868509cb814fe11a80b1ce369542731cdc4bfeb2"),
        "openbookqa-style": ("g3.w1.t2", "b4aff9a31262093b8e0fb0d005dd5f89ed116cd48da6886cd8b5ae05dd352188"),
        "sni-cause-effect": ("g3.w1.t2", "d8eeac24a76a5d75e88333382c8f241ee18ccde5037fd99a7a57e05142e2f0b9"),
        "sni-coreference": ("g2.w1.t2", "d1dacf296e4aed187091ece5822a82539f667ca8cebe68eff3dee53c84529443"),
        "sni-title": ("g2.w1.t2", "0b1009720c43e2cf05cc9fab3292df241ccfcf28317f3742f8354b2acbf544a0"),
        "sni-data-to-text": ("g2.w1.t2", "9b2ed04d84763d4a7420d173a0695b6ae4258008fc421580a9d412bb62abc49b"),
        "sni-global": ("g3.w1.t2", "22340c385b6e8e39eb49ea1b28863ffcf947c9618dae72de9958e1a941af2dad"),
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
