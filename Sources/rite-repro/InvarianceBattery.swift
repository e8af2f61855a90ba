import Foundation
import Optimizers
import RiteCore
import Store

/// The transformation-invariance battery of claim C1: measured in Double by the Optimizers target and
/// stored, so that `claims` and `reproduce` report it with the numerics version it ran under.
enum InvarianceBattery {
    /// Measures and stores the battery unless the store already holds all of it for this numerics
    /// version (or `force`). Returns whether it measured. A second or so of work.
    @discardableResult
    static func ensure(store: ResultStore, force: Bool) throws -> Bool {
        let checks = InvarianceCheck.standard
        let stored = try store.invarianceChecks()
        if !force, stored.count == checks.count, stored.allSatisfy({ $0.numericsVersion == NumericsVersion.current }) { return false }
        let now = Date()
        let results = try checks.map { check in
            let outcome = try check.run()
            return InvarianceCheckResult(optimizer: check.optimizer, settings: check.overrides.canonicalDescription,
                                         learningRate: check.learningRate, transform: check.transform.kind,
                                         transformParameter: check.transform.parameter, problemSeed: Int(check.problemSeed),
                                         steps: check.steps, discrepancy: outcome.discrepancy, movement: outcome.movement,
                                         failure: outcome.failure, numericsVersion: NumericsVersion.current,
                                         toolVersion: ToolVersion.current, measuredAt: now)
        }
        try store.replaceInvarianceChecks(with: results)
        return true
    }
}
