import Foundation

/// Rows of text in aligned columns, the last column left ragged.
struct Columns {
    private var rows: [[String]]

    init(header: [String]) { rows = [header] }

    mutating func append(_ row: [String]) { rows.append(row) }

    /// Rows in aligned columns; `notes[i]` are printed indented below row `i + 1`.
    func render(notes: [[String]] = []) -> String {
        let widths = rows.reduce(into: [Int](repeating: 0, count: rows[0].count)) { widths, row in
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        var lines: [String] = []
        for (index, row) in rows.enumerated() {
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            lines.append(cells.joined(separator: "  "))
            if index > 0, index - 1 < notes.count { lines += notes[index - 1].map { "    " + $0 } }
        }
        return lines.joined(separator: "\n")
    }
}
