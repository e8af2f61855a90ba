import Optimizers
@testable import Report
import Store
import Tasks
import Testing

/// The report's names agree with the targets that own them: every optimizer of the factory can be
/// shown (display name, place in the order, Table 7 entry), every optimizer the paper's tables name
/// is one the factory knows, and every task of the Tasks target has a column and metric in the report.
/// An entry added in one place and forgotten in another fails here.
@Suite struct CatalogAgreementTests {
    @Test func everyFactoryOptimizerHasADisplayNameAndAPlace() {
        for name in OptimizerFactory.names {
            let display = ReportCatalog.displayName(optimizer: name)
            #expect(display != name, "\(name) has no display name of its own")
            #expect(ReportCatalog.optimizer(displayedAs: display) == name)
            #expect(ReportCatalog.optimizerOrder(name) < OptimizerFactory.names.count)
        }
        #expect(ReportCatalog.sortedOptimizers(OptimizerFactory.names.reversed()) == OptimizerFactory.names)
    }

    @Test func everyFactoryOptimizerHasATable7EntryOrSaysItHasNone() throws {
        for specification in OptimizerFactory.specifications {
            let complexity = try #require(CostTableRenderer.paperComplexity(specification.name))
            switch specification.stepCost.paperTable7 {
            case .listed:
                let row = CostTableRenderer.paperTable7Row(displayName: specification.displayName)
                #expect(row != nil, "\(specification.name) says the paper's Table 7 lists it, but no row starts with \(specification.displayName)")
                #expect(complexity.paperTime.hasPrefix("O("), "\(specification.name): \(complexity.paperTime)")
            case .notListed:
                #expect(complexity.paperTime.hasPrefix("— (not in Table 7"), "\(specification.name): \(complexity.paperTime)")
            }
        }
    }

    @Test func everyOptimizerThePaperNamesIsOneTheFactoryKnows() {
        for name in ReportCatalog.paperOptimizers + [ReportCatalog.proposedOptimizer, ReportCatalog.baselineOptimizer] {
            #expect(OptimizerFactory.names.contains(name), "\(name) is not a factory optimizer")
        }
        // The paper's optimizer rows and Table 4's columns are matched to ours by display name.
        for table in [PaperNumbers.table1, PaperNumbers.table2, PaperNumbers.table3, PaperNumbers.table8, PaperNumbers.table9] {
            for row in table.rows {
                #expect(ReportCatalog.optimizer(displayedAs: row.label) != nil, "Table \(table.number) row \(row.label)")
            }
        }
        for column in PaperNumbers.table4.columns {
            #expect(ReportCatalog.optimizer(displayedAs: column) != nil, "Table 4 column \(column)")
        }
        #expect(Set(PaperNumbers.table4.columns.compactMap(ReportCatalog.optimizer(displayedAs:))) == Set(ReportCatalog.paperOptimizers))
    }

    @Test func everyTaskHasAReportColumnAndMetric() throws {
        let scored = ReportCatalog.defaultScoring.map(\.task)
        #expect(Set(scored) == Set(TaskCatalog.names), "scored \(scored.sorted()) against tasks \(TaskCatalog.names.sorted())")
        #expect(Set(ReportCatalog.benchmarkTasks + ReportCatalog.sniTasks) == Set(TaskCatalog.names))
        for task in TaskCatalog.all {
            let scoring = try #require(ReportCatalog.defaultScoring.first { $0.task == task.name })
            #expect(scoring.selectionMetric == task.selectionMetric.rawValue,
                    "\(task.name): the report selects on \(scoring.selectionMetric), the task on \(task.selectionMetric.rawValue)")
        }
        for metric in Metric.allCases {
            #expect(ReportCatalog.metricDescription(metric.rawValue) != metric.rawValue, "\(metric.rawValue) has no description")
            #expect(!ReportCatalog.metricShortName(metric.rawValue).isEmpty)
        }
    }

    @Test func captionsCountEveryStatus() {
        #expect(Set(TableCaption.statusOrder) == Set(RunStatus.allCases))
        #expect(TableCaption.statusOrder.count == RunStatus.allCases.count)
    }
}
