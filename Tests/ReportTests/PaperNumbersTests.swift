import Foundation
@testable import Report
import Testing

/// Every transcribed cell against an independent parse of the paper's text (PaperExcerpts.swift).
@Suite struct PaperNumbersTests {
    static func lines(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Tables whose text rows are "model?, optimizer, cells...", six optimizers per model.
    static func modelOptimizerRows(_ text: String, models: [String]) -> (columns: [String], rows: [PaperRow]) {
        let all = lines(text)
        let rows = all.dropFirst().enumerated().map { index, fields in
            PaperRow(models[index / 6], fields[1], Array(fields[2...]))
        }
        return (Array(all[0][2...]), rows)
    }

    @Test func tablesOneTwoAndNineMatchTheText() {
        for (table, text, models) in [(PaperNumbers.table1, PaperExcerpts.table1, ["Gemma-2B", "Gemma-7B"]),
                                      (PaperNumbers.table2, PaperExcerpts.table2, ["Gemma-2B", "Gemma-7B"]),
                                      (PaperNumbers.table9, PaperExcerpts.table9, ["Gemma-2B"])] {
            let parsed = Self.modelOptimizerRows(text, models: models)
            #expect(table.columns == parsed.columns, "Table \(table.number) columns")
            #expect(table.rows == parsed.rows, "Table \(table.number) rows")
        }
        #expect(PaperNumbers.table1.rows.count == 12 && PaperNumbers.table1.columns.count == 5)
        #expect(PaperNumbers.table2.rows.count == 12 && PaperNumbers.table2.columns.count == 5)
        #expect(PaperNumbers.table9.rows.count == 6 && PaperNumbers.table9.columns.count == 4)
    }

    @Test func tableThreeMatchesTheText() {
        let all = Self.lines(PaperExcerpts.table3)
        #expect(PaperNumbers.table3.columns == Array(all[0].dropFirst()))
        #expect(PaperNumbers.table3.rows == all.dropFirst().map { PaperRow("", $0[0], Array($0.dropFirst())) })
        #expect(PaperNumbers.table3.rows.count == 4)
    }

    @Test func tableFourMatchesTheText() {
        let all = Self.lines(PaperExcerpts.table4)
        #expect(PaperNumbers.table4.columns == Array(all[0].dropFirst()))
        #expect(PaperNumbers.table4.rows == all.dropFirst().map { PaperRow($0[0], "", Array($0.dropFirst())) })
        #expect(PaperNumbers.table4.cell(model: "Gemma-2B", label: "", column: "Adam") == "")
        #expect(PaperNumbers.table4.cell(model: "Gemma-7B", label: "", column: "Shampoo") == "0.112")
    }

    @Test func tableSevenMatchesTheTextWithoutTeX() {
        let all = Self.lines(PaperExcerpts.table7)
        #expect(PaperNumbers.table7.columns == Array(all[0].dropFirst()))
        let rows = all.dropFirst().map { fields in
            PaperRow("", fields[0], fields.dropFirst().map { cell in
                String(cell.filter { $0 != "$" }).replacingOccurrences(of: "\\Omega", with: "Ω")
            })
        }
        #expect(PaperNumbers.table7.rows == rows)
        #expect(PaperNumbers.table7.rows.count == 8)
        #expect(PaperNumbers.table7.cell(label: "LoRA-RITE (our proposed)", column: "Space Complexity") == "O(mr + nr + r^2)")
    }

    @Test func tableEightMatchesTheText() {
        let all = Self.lines(PaperExcerpts.table8)
        #expect(PaperNumbers.table8.columns == Array(all[0].dropFirst(2)))
        var optimizer = ""
        var rows: [PaperRow] = []
        for fields in all.dropFirst() {
            if !fields[0].isEmpty { optimizer = fields[0] }
            let rank = Int(fields[1].filter(\.isNumber))
            rows.append(PaperRow("Gemma-2B", optimizer, rank: rank, Array(fields.dropFirst(2))))
        }
        // The text sometimes puts the optimizer name on the middle row of its group: fill it backwards.
        for index in rows.indices where rows[index].rank == 4 {
            let name = rows[index + 1].label
            for offset in 0 ..< 3 {
                let row = rows[index + offset]
                rows[index + offset] = PaperRow(row.model, name, rank: row.rank, row.cells)
            }
        }
        #expect(PaperNumbers.table8.rows == rows)
        #expect(rows.count == 12)
    }

    @Test func spotChecksAndCitations() {
        #expect(PaperNumbers.table2.cell(model: "Gemma-2B", label: "LoRA-RITE", column: "GSM8K") == "30.10")
        #expect(PaperNumbers.table1.cell(model: "Gemma-7B", label: "Lamb", column: "Data to Text") == "55.5")
        #expect(PaperNumbers.table8.cell(model: "Gemma-2B", label: "Lamb", rank: 64, column: "OpenBookQA") == "62.8")
        #expect(PaperNumbers.table9.cell(model: "Gemma-2B", label: "ScaledAdam", column: "OpenBookQA") == "2e-4")
        #expect(PaperNumbers.table3.cell(label: "ScaledAdam", column: "mT5-XXL (rank=16)") == "74.60")
        #expect(PaperNumbers.table2.cell(model: "Gemma-2B", label: "Nope", column: "GSM8K") == nil)
        let global = PaperNumbers.globalParts(PaperNumbers.table1.cell(model: "Gemma-2B", label: "LoRA-RITE", column: "Global")!)
        #expect(global?.exactMatch == "55.11" && global?.rougeL == "77.12")
        #expect(PaperNumbers.table2.citation == "Yen et al. 2024 (arXiv 2410.20625), Table 2")
        #expect(PaperNumbers.all.map(\.number) == [1, 2, 3, 4, 7, 8, 9])
    }

    /// The paper's "Avg." is the mean of its four task columns, to the printed two decimals.
    @Test func averagesAreConsistent() throws {
        for table in [PaperNumbers.table2, PaperNumbers.table8] {
            for row in table.rows {
                let values = try row.cells.map { try #require(PaperNumbers.value($0)) }
                let mean = values[0 ..< 4].reduce(0, +) / 4
                #expect(abs(mean - values[4]) <= 0.005 + 1e-9, "Table \(table.number) \(row.model) \(row.label) r=\(row.rank ?? 0)")
            }
        }
    }
}
