/// The fixed experiment `rite-repro bench sweep` times: 12 tiny runs with the quick profile's
/// recipe and evaluation (multiple choice, generation and classification; Adam and LoRA-RITE; two
/// rates). It lives beside the spec decoder so a test decodes it: the benchmark must measure the
/// same experiment on every build, and a spec the decoder rejects would only fail inside the
/// benchmark's child sweeps.
public enum BenchSweepExperiment {
    /// Runs in the experiment: 3 tasks x 2 optimizers x 2 rates x 1 rank x 1 seed.
    public static let runs = 12

    /// The spec text with `steps` training steps per run (2000 as the quick profile). The selection
    /// names no metric, so each task is selected on its own (accuracy or exact match).
    public static func spec(steps: Int) -> String {
        """
        # rite-repro bench sweep: a fixed experiment of 12 tiny runs with the quick profile's recipe.
        name: bench-sweep
        description: "Throughput benchmark: 12 tiny runs (multiple choice, generation, classification) with evaluation"
        preset: tiny
        tasks: [openbookqa-style, gsm8k-style, sni-cause-effect]
        optimizers: [adam, lora-rite]
        ranks: [16]
        learning_rates: [3e-3, 1e-2]
        seeds: [0]
        training:
          steps: \(steps)
          batch: 16
          warmup: \(min(100, steps / 2))
          schedule: linear
          eval_every: \(min(500, steps))
          alpha: 16
          targets: [q, k, v, o]
          eval_cap: 250
        selection:
          split: dev
          goal: max
          search: full

        """
    }
}
