// C1: transformation invariance (Section 3, Theorem 2). The measurements come from the invariance
// battery (Optimizers' `InvarianceCheck.standard`, stored by `rite-repro claims` and `reproduce`): per
// optimizer, problem and reparameterisation, the largest relative gap between the weight changes of
// the original and the reparameterised run. These are deterministic Double computations, not samples,
// so there is no interval: each row is judged on the worst (or, for a non-invariant optimizer, the
// least) discrepancy over the problems, against two bounds with an inconclusive band between them.

enum InvarianceClaim {
    static let paper = "\"Algorithm 1 is transformation invariant\" (Theorem 2), while \"most of the existing optimizers, such as "
        + "Adagrad, RMSProp, and Shampoo are not scale or transformation invariance\" (Section 2.2) and Lamb and Lars \"ensure "
        + "scalar scale invariance. Nonetheless, they still lacks transformation invariance\" (Section 4)."

    enum Expectation: String {
        case invariant, notInvariant = "not invariant"
    }

    /// What the paper says of an optimizer under a transformation; nil for rows shown for information.
    static func expectation(optimizer: String, settings: String, transform: String) -> Expectation? {
        switch optimizer {
        case ReportCatalog.proposedOptimizer: return .invariant
        case "lamb":
            if transform == "general" { return .notInvariant }
            // Lamb's eps sits in an Adam-style denominator and breaks scalar invariance by about
            // eps / (s sqrt(v)); the trust ratio's own invariance shows with eps shrunk.
            return settings.contains("eps=1e-14") ? .invariant : nil
        case "adam", "lora-plus", "scaled-adam", "shampoo": return .notInvariant
        default: return nil
        }
    }

    static func line(_ m: InvarianceMeasurement) -> String {
        ["invariance", RowDigest.escape(m.optimizer), RowDigest.escape(m.settings), m.transform, m.parameter.description,
         String(m.problemSeed), String(m.steps), m.discrepancy?.description ?? "-", m.movement.description,
         RowDigest.escape(m.failure ?? "-"), String(m.numericsVersion)].joined(separator: "\t")
    }

    static func build(_ inputs: ClaimInputs, options: ClaimOptions) throws -> ClaimReport {
        let current = inputs.invariance.filter { $0.numericsVersion == inputs.numericsVersion }
        let stale = inputs.invariance.count - current.count
        let (low, high) = (ClaimText.scientific(options.invariantBound), ClaimText.scientific(options.notInvariantBound))
        let method = [
            "Measurement: each optimizer runs 25 steps in Double on a least-squares trace problem (two LoRA pairs, A 4 x 9 and "
                + "3 x 6, B non-zero), once from (A, B) and once from (R^-1 A, B R), with R a random matrix of condition number "
                + "1e3 (U diag(sigma) V^T, sigma log-spaced) or R = 37 I; the discrepancy is max over steps and pairs of "
                + "||dW2 − dW1||_F / ||dW1||_F with dW = B_t A_t − B_0 A_0; three problems each. Movement: ||dW1_T|| / ||B_0 A_0||, "
                + "the least over the problems.",
            "No interval: the measurements are deterministic, not samples. Verdict per row: invariant when the largest "
                + "discrepancy is at most \(low), not invariant when the smallest is at least \(high) (or the reparameterised run "
                + "failed), inconclusive between them or when a reference run moved its product by less than 5%. The claim holds "
                + "when every row with an expectation matches it. Lamb at its default eps = 1e-6 is shown for information.",
        ]
        var basis = ["Input digest: SHA-256 \(RowDigest.digest(current.map(line))) over the \(current.count) measurements "
            + "of numerics version \(inputs.numericsVersion) (one line each: invariance, optimizer, settings, transform, parameter, "
            + "problem seed, steps, discrepancy, movement, failure, numerics version)."]
        if stale > 0 { basis.append("\(ClaimText.plural(stale, "stored measurement")) of another numerics version not used.") }
        let title = "LoRA-RITE is transformation invariant, the others are not (Theorem 2)"
        guard !current.isEmpty else {
            return ClaimReport(id: "C1", title: title, paper: paper, ours: "Not measured for this numerics version.",
                               verdict: .notEnoughRuns(detail: "n = 0 measurements of numerics version \(inputs.numericsVersion)"),
                               effect: "", shortfalls: ["run `rite-repro claims`, which measures the battery when it is missing"],
                               method: method, basis: basis)
        }
        var keys: [(optimizer: String, settings: String, transform: String)] = []
        for m in current where !keys.contains(where: { $0 == (m.optimizer, m.settings, m.transform) }) {
            keys.append((m.optimizer, m.settings, m.transform))
        }
        keys.sort { lhs, rhs in
            let (l, r) = (ReportCatalog.optimizerOrder(lhs.optimizer), ReportCatalog.optimizerOrder(rhs.optimizer))
            return l != r ? l < r : (lhs.optimizer, lhs.settings, lhs.transform) < (rhs.optimizer, rhs.settings, rhs.transform)
        }
        var rows: [[String]] = []
        var verdicts: [ClaimVerdict] = []
        var riteWorst = 0.0, others: [String] = []
        for key in keys {
            let group = current.filter { ($0.optimizer, $0.settings, $0.transform) == key }
            // A reparameterised run that failed is as far from invariant as a run can be; its discrepancy
            // up to the failure is printed as a lower bound.
            let values = group.map { $0.failure == nil ? $0.discrepancy ?? .infinity : .infinity }
            let (worst, least) = (values.max()!, values.min()!)
            let failed = group.filter { $0.failure != nil }
            let bounds = failed.compactMap(\.discrepancy)
            let movement = group.map(\.movement).min()!
            let expected = expectation(optimizer: key.optimizer, settings: key.settings, transform: key.transform)
            var verdict: ClaimVerdict?
            if let expected {
                if movement < 0.05 {
                    verdict = .inconclusive
                } else if expected == .invariant {
                    verdict = worst <= options.invariantBound ? .holds : (least >= options.notInvariantBound ? .doesNotHold : .inconclusive)
                } else {
                    verdict = least >= options.notInvariantBound ? .holds : (worst <= options.invariantBound ? .doesNotHold : .inconclusive)
                }
                verdicts.append(verdict!)
            }
            // "failed (≥ 3.2e0)": the smallest discrepancy seen before any of the failures.
            let failedText = "failed" + (bounds.isEmpty ? "" : " (≥ \(ClaimText.scientific(bounds.min()!)))")
            func text(_ x: Double) -> String { x.isFinite ? ClaimText.scientific(x) : failedText }
            let name = ReportCatalog.displayName(optimizer: key.optimizer) + (key.settings.isEmpty ? "" : " (\(key.settings))")
            let transform = key.transform == "general"
                ? "general R, condition \(ClaimText.scientific(group[0].parameter))" : "R = \(NumberFormat.scientific(group[0].parameter)) I"
            rows.append([name, transform, String(group.count), worst == least ? text(worst) : "\(text(least)) … \(text(worst))",
                         NumberFormat.fixed(movement, decimals: 2), expected?.rawValue ?? "— (information)", verdict?.text ?? "—"])
            if key.optimizer == ReportCatalog.proposedOptimizer { riteWorst = max(riteWorst, worst) }
            if key.transform == "general", key.optimizer != ReportCatalog.proposedOptimizer, expected != nil {
                others.append("\(name) \(text(least))")
            }
        }
        let failures = current.filter { $0.failure != nil }
        var ours = "LoRA-RITE's weight changes agree to at most \(ClaimText.scientific(riteWorst)) (both variants, both "
            + "reparameterisations); under a general R the others differ by at least: " + others.joined(separator: ", ") + "."
        if !failures.isEmpty {
            let names = ReportCatalog.sortedOptimizers(failures.map(\.optimizer)).map { ReportCatalog.displayName(optimizer: $0) }
            ours += " \(ClaimText.plural(failures.count, "reparameterised run")) (\(names.joined(separator: ", "))) left the finite "
                + "numbers, for example at " + failures[0].failure! + "."
        }
        ours += " Measured under numerics version \(inputs.numericsVersion)."
        return ClaimReport(id: "C1", title: title, paper: paper, ours: ours, verdict: ClaimVerdict.every(verdicts),
                           effect: "LoRA-RITE ≤ \(ClaimText.scientific(riteWorst)); " + others.joined(separator: ", "),
                           detailHeaders: ["Optimizer", "Reparameterisation", "Problems", "Discrepancy (least … largest)",
                                           "Movement (least)", "Paper", "Verdict"],
                           detailRows: rows, method: method, basis: basis)
    }
}
