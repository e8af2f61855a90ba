import Foundation
internal import GRDB

extension ResultStore {
    /// Replaces the timings of `benchmark` with `timings`, in one transaction: a benchmark's rows
    /// always come from one measuring session, so ratios between them are meaningful.
    public func replaceTimings(of benchmark: String, with timings: [Timing]) throws {
        try writeImmediately { db in
            try TimingRecord.filter(Column("benchmark") == benchmark).deleteAll(db)
            for timing in timings {
                precondition(timing.benchmark == benchmark, "replaceTimings: a \(timing.benchmark) timing among \(benchmark)")
                var record = TimingRecord(timing)
                try record.insert(db)
            }
        }
    }

    /// The timings of `benchmark` in the order they were measured.
    public func timings(of benchmark: String) throws -> [Timing] {
        try pool.read { db in
            try TimingRecord.filter(Column("benchmark") == benchmark).order(Column("id")).fetchAll(db).map(\.timing)
        }
    }
}
