import Foundation
internal import GRDB

extension ResultStore {
    /// Replaces every stored invariance measurement with `results`, in one transaction: the battery is
    /// measured as a whole, so the table never mixes two sessions (or two numerics versions).
    public func replaceInvarianceChecks(with results: [InvarianceCheckResult]) throws {
        try writeImmediately { db in
            try InvarianceCheckRecord.deleteAll(db)
            for result in results {
                let record = InvarianceCheckRecord(result)
                try record.insert(db)
            }
        }
    }

    /// The stored invariance measurements in the order they were measured.
    public func invarianceChecks() throws -> [InvarianceCheckResult] {
        try pool.read { db in try InvarianceCheckRecord.order(Column("id")).fetchAll(db).map(\.result) }
    }
}
