import Testing
@testable import Sweep

/// `bench sweep` launches child sweeps on this spec; the decoder must accept it and it must
/// expand to the run count the benchmark reports, at every step count the command allows.
@Suite struct BenchSweepExperimentTests {
    @Test(arguments: [1, 20, 2000])
    func specDecodesToTheAdvertisedRuns(steps: Int) throws {
        let spec = try SpecDecoder.decode(text: BenchSweepExperiment.spec(steps: steps), file: "bench-sweep.yaml",
                                          vocabulary: .standard)
        #expect(spec.training.steps == steps)
        let runs = try SweepGrid(spec: spec, context: testContext()).phaseOne()
        #expect(runs.count == BenchSweepExperiment.runs)
        for task in spec.tasks {
            let scores = try #require(SpecVocabulary.standard.taskScores[task])
            #expect(scores.metrics.contains(spec.selection.metric(for: task)))
        }
    }
}
