// The published numbers of Yen et al. 2024, "LoRA Done RITE: Robust Invariant Transformation
// Equilibration for LoRA Optimization" (arXiv 2410.20625), transcribed cell by cell from the paper's
// text. Cells keep the paper's own digits ("64.0", "55.5", "50.51/74.54"); an empty string is a cell
// the paper's text leaves empty. Table 9 covers Gemma-2B only, as in the paper. Model names are
// restored where the text extraction garbled them ("Geiiiiia-2B" is Gemma-2B).

/// One row of a published table.
public struct PaperRow: Sendable, Equatable {
    /// The model the row belongs to ("Gemma-2B", "Gemma-7B"); empty when the table has no model axis.
    public let model: String
    /// The row label: an optimizer's display name, or the algorithm in Table 7.
    public let label: String
    /// The LoRA rank of the row (Table 8 only).
    public let rank: Int?
    /// The cells under `PaperTable.columns`, verbatim.
    public let cells: [String]

    init(_ model: String, _ label: String, rank: Int? = nil, _ cells: [String]) {
        self.model = model
        self.label = label
        self.rank = rank
        self.cells = cells
    }
}

/// One published table.
public struct PaperTable: Sendable, Equatable {
    public let number: Int
    /// The paper's caption, verbatim.
    public let caption: String
    /// The headers of the value columns, verbatim.
    public let columns: [String]
    public let rows: [PaperRow]

    /// "Yen et al. 2024 (arXiv 2410.20625), Table N".
    public var citation: String { "\(PaperNumbers.source), Table \(number)" }

    /// The verbatim cell, "" if the paper leaves it empty, nil if the table has no such row or column.
    public func cell(model: String = "", label: String, rank: Int? = nil, column: String) -> String? {
        guard let columnIndex = columns.firstIndex(of: column),
              let row = rows.first(where: { $0.model == model && $0.label == label && $0.rank == rank })
        else { return nil }
        return row.cells[columnIndex]
    }

    /// The models the table covers, in the paper's order.
    public var models: [String] {
        var seen: [String] = []
        for row in rows where !seen.contains(row.model) { seen.append(row.model) }
        return seen
    }
}

/// The paper's tables as data.
public enum PaperNumbers {
    public static let source = "Yen et al. 2024 (arXiv 2410.20625)"

    public static let table1 = PaperTable(
        number: 1,
        caption: "Experimental results on the Super-Natural instruction dataset.",
        columns: ["Cause Effect Classification", "Coreference Resolution", "Title Generation", "Data to Text", "Global"],
        rows: [
            PaperRow("Gemma-2B", "Adam", ["58.93", "77.06", "51.30", "55.52", "50.51/74.54"]),
            PaperRow("Gemma-2B", "LoRA+", ["58.84", "76.08", "51.32", "55.68", "49.76/74.20"]),
            PaperRow("Gemma-2B", "ScaledAdam", ["58.71", "77.55", "51.16", "55.69", "49.40/74.01"]),
            PaperRow("Gemma-2B", "Shampoo", ["58.11", "77.17", "51.30", "55.48", "50.79/74.74"]),
            PaperRow("Gemma-2B", "Lamb", ["60.97", "80.69", "52.26", "55.85", "53.53/76.43"]),
            PaperRow("Gemma-2B", "LoRA-RITE", ["61.26", "82.02", "52.26", "55.98", "55.11/77.12"]),
            PaperRow("Gemma-7B", "Adam", ["67.17", "86.05", "51.58", "55.38", "58.46/78.17"]),
            PaperRow("Gemma-7B", "LoRA+", ["65.50", "86.67", "51.51", "55.34", "58.19/78.29"]),
            PaperRow("Gemma-7B", "ScaledAdam", ["65.79", "85.05", "51.61", "55.40", "57.32/77.92"]),
            PaperRow("Gemma-7B", "Shampoo", ["66.29", "85.62", "51.86", "55.43", "57.99/78.27"]),
            PaperRow("Gemma-7B", "Lamb", ["69.62", "86.57", "51.87", "55.5", "57.79/78.18"]),
            PaperRow("Gemma-7B", "LoRA-RITE", ["71.26", "88.14", "52.17", "55.62", "59.71/79.05"]),
        ]
    )

    public static let table2 = PaperTable(
        number: 2,
        caption: "Experimental results on LLM benchmarking datasets.",
        columns: ["HellaSwag", "ArcChallenge", "GSM8K", "OpenBookQA", "Avg."],
        rows: [
            PaperRow("Gemma-2B", "Adam", ["83.76", "45.31", "24.26", "64.0", "54.33"]),
            PaperRow("Gemma-2B", "LoRA+", ["83.75", "45.31", "23.65", "64.4", "54.28"]),
            PaperRow("Gemma-2B", "ScaledAdam", ["83.52", "45.22", "23.96", "64.8", "54.38"]),
            PaperRow("Gemma-2B", "Shampoo", ["83.26", "44.88", "23.35", "63.6", "53.77"]),
            PaperRow("Gemma-2B", "Lamb", ["86.60", "47.35", "26.76", "68.0", "57.18"]),
            PaperRow("Gemma-2B", "LoRA-RITE", ["87.28", "49.06", "30.10", "68.8", "58.81"]),
            PaperRow("Gemma-7B", "Adam", ["94.07", "54.78", "48.37", "77.60", "68.71"]),
            PaperRow("Gemma-7B", "LoRA+", ["93.99", "54.01", "48.75", "77.60", "68.59"]),
            PaperRow("Gemma-7B", "ScaledAdam", ["93.31", "52.90", "48.07", "75.80", "67.52"]),
            PaperRow("Gemma-7B", "Shampoo", ["94.15", "52.47", "49.05", "76.80", "68.12"]),
            PaperRow("Gemma-7B", "Lamb", ["95.11", "69.80", "50.64", "83.20", "74.69"]),
            PaperRow("Gemma-7B", "LoRA-RITE", ["95.59", "71.76", "55.50", "84.80", "76.91"]),
        ]
    )

    /// Rows are optimizers; the model and rank are in the column headers (OpenBookQA).
    public static let table3 = PaperTable(
        number: 3,
        caption: "Ablation study on different ranks and different model architectures.",
        columns: ["Gemma-2B (rank=4)", "Gemma-2B (rank=16)", "mT5-XXL (rank=4)", "mT5-XXL (rank=16)"],
        rows: [
            PaperRow("", "Adam", ["63.00", "64.0", "72.00", "72.20"]),
            PaperRow("", "ScaledAdam", ["63.00", "64.8", "70.80", "74.60"]),
            PaperRow("", "Lamb", ["67.80", "68.0", "70.40", "73.40"]),
            PaperRow("", "LoRA-RITE", ["70.40", "68.8", "74.80", "75.00"]),
        ]
    )

    /// Rows are models, columns optimizers (rank 16, OpenBookQA, TPUv5e). The Gemma-2B Adam cell is
    /// empty in the paper's text; its prose says LoRA-RITE is "only 8% slower than Adam on Gemma 2B".
    public static let table4 = PaperTable(
        number: 4,
        caption: "Number of training steps per second for different optimizers. LoRA-RITE has small overhead compared with first-order methods.",
        columns: ["Adam", "LoRA+", "ScaledAdam", "Shampoo", "Lamb", "LoRA-RITE"],
        rows: [
            PaperRow("Gemma-2B", "", ["", "0.930", "0.917", "0.837", "0.929", "0.878"]),
            PaperRow("Gemma-7B", "", ["0.120", "0.120", "0.114", "0.112", "0.116", "0.114"]),
        ]
    )

    /// Big-O cells as in the paper, with the TeX markup removed. m and n are the row counts of the
    /// paper's A (m x r) and B (n x r).
    public static let table7 = PaperTable(
        number: 7,
        caption: "Time and space complexity comparison for LoRA optimization.",
        columns: ["Time Complexity", "Space Complexity"],
        rows: [
            PaperRow("", "Forward/Backward", ["Ω(nm)", "Ω(nm)"]),
            PaperRow("", "Full Matrix Adagrad (Duchi et al., 2011)", ["O(m^3r^3 + n^3r^3)", "O(m^2r^2 + n^2r^2)"]),
            PaperRow("", "Adam (Kingma & Ba, 2014)", ["O(mr + nr)", "O(mr + nr)"]),
            PaperRow("", "Lamb (You et al., 2020)", ["O(mr + nr)", "O(mr + nr)"]),
            PaperRow("", "Shampoo (Gupta et al., 2018)", ["O(m^3 + n^3 + r^3)", "O(m^2 + n^2 + r^2)"]),
            PaperRow("", "KFAC (Martens & Grosse, 2015)", ["O(m^3 + n^3 + r^3)", "O(m^2 + n^2 + r^2)"]),
            PaperRow("", "ScaledAdam (Zhang & Pilanci, 2024)", ["O(mr^2 + nr^2)", "O(mr + nr)"]),
            PaperRow("", "LoRA-RITE (our proposed)", ["O(mr^2 + nr^2)", "O(mr + nr + r^2)"]),
        ]
    )

    public static let table8 = PaperTable(
        number: 8,
        caption: "Ablation study on different ranks on Gemma-2B on the LLM benchmarking datasets.",
        columns: ["HellaSwag", "ArcChallenge", "GSM8K", "OpenBookQA", "Avg."],
        rows: [
            PaperRow("Gemma-2B", "Adam", rank: 4, ["81.83", "42.32", "20.92", "63.0", "52.02"]),
            PaperRow("Gemma-2B", "Adam", rank: 16, ["83.76", "45.31", "24.26", "64.0", "54.33"]),
            PaperRow("Gemma-2B", "Adam", rank: 64, ["84.56", "46.67", "26.08", "67.0", "56.08"]),
            PaperRow("Gemma-2B", "ScaledAdam", rank: 4, ["81.95", "44.80", "21.15", "63.0", "52.73"]),
            PaperRow("Gemma-2B", "ScaledAdam", rank: 16, ["83.52", "45.22", "23.96", "64.8", "54.38"]),
            PaperRow("Gemma-2B", "ScaledAdam", rank: 64, ["84.42", "48.21", "26.61", "67.0", "56.56"]),
            PaperRow("Gemma-2B", "Lamb", rank: 4, ["86.01", "46.67", "25.25", "67.8", "56.43"]),
            PaperRow("Gemma-2B", "Lamb", rank: 16, ["86.60", "47.35", "26.76", "68.0", "57.18"]),
            PaperRow("Gemma-2B", "Lamb", rank: 64, ["87.83", "47.53", "29.04", "62.8", "56.80"]),
            PaperRow("Gemma-2B", "LoRA-RITE", rank: 4, ["87.08", "49.57", "29.49", "70.4", "59.14"]),
            PaperRow("Gemma-2B", "LoRA-RITE", rank: 16, ["87.28", "49.06", "30.10", "68.8", "58.81"]),
            PaperRow("Gemma-2B", "LoRA-RITE", rank: 64, ["87.89", "49.91", "31.46", "68.8", "59.52"]),
        ]
    )

    public static let table9 = PaperTable(
        number: 9,
        caption: "Best Learning Rate for Different Optimizers on LLM benchmarking datasets.",
        columns: ["HellaSwag", "ArcChallenge", "GSM8K", "OpenBookQA"],
        rows: [
            PaperRow("Gemma-2B", "Adam", ["1e-5", "5e-5", "1e-5", "5e-5"]),
            PaperRow("Gemma-2B", "LoRA+", ["1e-5", "5e-5", "1e-5", "5e-5"]),
            PaperRow("Gemma-2B", "ScaledAdam", ["5e-5", "5e-5", "1e-5", "2e-4"]),
            PaperRow("Gemma-2B", "Shampoo", ["1e-5", "5e-5", "5e-5", "5e-5"]),
            PaperRow("Gemma-2B", "Lamb", ["5e-3", "5e-3", "5e-3", "5e-3"]),
            PaperRow("Gemma-2B", "LoRA-RITE", ["2e-4", "1e-3", "2e-4", "2e-4"]),
        ]
    )

    /// Every transcribed table, by number.
    public static let all: [PaperTable] = [table1, table2, table3, table4, table7, table8, table9]

    /// The number in a verbatim cell ("64.0" -> 64.0, "1e-5" -> 1e-5); nil for "" or non-numbers.
    public static func value(_ cell: String) -> Double? {
        guard !cell.isEmpty else { return nil }
        return Double(cell)
    }

    /// The two halves of a Table 1 "Global" cell, "EM/ROUGE-L".
    public static func globalParts(_ cell: String) -> (exactMatch: String, rougeL: String)? {
        let parts = cell.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        return (String(parts[0]), String(parts[1]))
    }
}
