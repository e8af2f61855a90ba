import Foundation
import Store
import Testing

@Suite struct InvarianceCheckStoreTests {
    static func result(_ optimizer: String, discrepancy: Double?, failure: String? = nil) -> InvarianceCheckResult {
        InvarianceCheckResult(optimizer: optimizer, settings: optimizer == "lamb" ? "eps=1e-14" : "", learningRate: 0.01,
                              transform: "general", transformParameter: 1000, problemSeed: 11, steps: 25,
                              discrepancy: discrepancy, movement: 0.4, failure: failure, numericsVersion: 1,
                              toolVersion: "0.1.0", measuredAt: Date(timeIntervalSince1970: 1000))
    }

    @Test func measurementsAreReplacedAsAWholeAndReadInOrder() throws {
        let store = try ResultStore(path: temporaryDatabase())
        #expect(try store.invarianceChecks().isEmpty)
        let first = [Self.result("lora-rite", discrepancy: 3e-13), Self.result("adam", discrepancy: nil, failure: "step 4: boom"),
                     Self.result("lamb", discrepancy: 0.2)]
        try store.replaceInvarianceChecks(with: first)
        #expect(try store.invarianceChecks() == first)
        try store.replaceInvarianceChecks(with: [Self.result("shampoo", discrepancy: 0.5)])
        #expect(try store.invarianceChecks() == [Self.result("shampoo", discrepancy: 0.5)])
    }

    @Test func onlyTheTwoTransformKindsAreStored() throws {
        let store = try ResultStore(path: temporaryDatabase())
        var bad = Self.result("adam", discrepancy: 0.1)
        bad.transform = "rotation"
        #expect(throws: (any Error).self) { try store.replaceInvarianceChecks(with: [bad]) }
    }
}
