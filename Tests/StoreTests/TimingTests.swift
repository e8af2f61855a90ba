import Foundation
import Store
import Testing

@Suite struct TimingTests {
    static func timing(_ optimizer: String, m: Int, seconds: Double) -> Timing {
        Timing(benchmark: "optimizer-step", optimizer: optimizer, preset: nil, m: m, n: m, r: 16, batch: nil,
               medianSeconds: seconds, samples: 50, host: "here", toolVersion: "0.1.0", measuredAt: Date(timeIntervalSince1970: 1000))
    }

    @Test func timingsAreReplacedPerBenchmarkAndReadInOrder() throws {
        let store = try ResultStore(path: temporaryDatabase())
        try store.replaceTimings(of: "optimizer-step", with: [Self.timing("adam", m: 64, seconds: 1e-5), Self.timing("adam", m: 128, seconds: 2e-5)])
        var speed = Self.timing("adam", m: 64, seconds: 0.02)
        speed.benchmark = "train-step"
        speed.preset = "tiny"
        speed.batch = 16
        try store.replaceTimings(of: "train-step", with: [speed])
        #expect(try store.timings(of: "optimizer-step").map(\.m) == [64, 128])
        try store.replaceTimings(of: "optimizer-step", with: [Self.timing("lora-rite", m: 256, seconds: 3e-4)])
        #expect(try store.timings(of: "optimizer-step") == [Self.timing("lora-rite", m: 256, seconds: 3e-4)])
        #expect(try store.timings(of: "train-step") == [speed])
    }
}
