import Foundation

/// Reads the samples of an empirical distribution from a small CSV file: one sample
/// per line, or several columns of which one is chosen; an optional header line;
/// blank lines and lines starting with `#` skipped.
///
/// Deliberately minimal (no quoted commas): measured samples are plain numbers.
/// Time samples may carry units (`12ms`); a bare number is seconds.
enum EmpiricalCSV {
    /// Which column holds the samples.
    typealias Column = ColumnSelector

    /// `path` is the resolved path; `written` is the path as the scenario gives it,
    /// which messages quote.
    static func read(path: String, written: String, column: Column?,
                     domain: DistributionDomain) throws(ValueSyntaxError) -> [Double] {
        let shown = quoted(written)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ValueSyntaxError("no such file: \(shown) (resolved to \(quoted(path)))")
        }
        guard !isDirectory.boolValue else { throw ValueSyntaxError("is a folder, not a CSV file: \(shown)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValueSyntaxError("cannot read \(shown)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValueSyntaxError("\(shown) is not UTF-8 text")
        }

        var samples: [Double] = []
        var index: Int?
        var sawFirstLine = false
        // isNewline also splits "\r\n", which Swift holds as one Character.
        for (offset, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let trimmed = String(line).trimmingSpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let cells = trimmed.split(separator: ",", omittingEmptySubsequences: false).map { cell in
                var text = String(cell).trimmingSpaces
                if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
                return text
            }
            let lineNumber = offset + 1
            if !sawFirstLine {
                sawFirstLine = true
                switch column {
                case .named(let name):
                    guard let found = cells.firstIndex(of: name) else {
                        throw ValueSyntaxError("\(shown) has no column named \(quoted(name)) in its header line")
                    }
                    index = found
                    continue
                case .position(let position):
                    index = position - 1
                case nil:
                    guard cells.count == 1 else {
                        throw ValueSyntaxError("\(shown) has \(cells.count) columns; say which with column")
                    }
                    index = 0
                }
                // A header is a first line whose chosen cell is not a sample.
                if let index, index < cells.count, value(of: cells[index], domain: domain) == nil { continue }
            }
            guard let index, index < cells.count else {
                throw ValueSyntaxError("\(shown) line \(lineNumber) has no column \((index ?? 0) + 1)")
            }
            guard let sample = value(of: cells[index], domain: domain) else {
                throw ValueSyntaxError("\(shown) line \(lineNumber): \(quoted(cells[index])) is not a \(domain == .time ? "duration or number of seconds" : "number") of 0 or more")
            }
            samples.append(sample)
        }
        guard !samples.isEmpty else { throw ValueSyntaxError("\(shown) holds no samples") }
        return samples
    }

    private static func value(of cell: String, domain: DistributionDomain) -> Double? {
        switch domain {
        case .time:
            return try? DurationSyntax.seconds(cell)
        case .number:
            guard let number = NumberSyntax.double(cell), number.isFinite, number >= 0 else { return nil }
            return number
        }
    }
}

/// Which column of a CSV file to read: by the header's name for it, or by
/// position.
public enum ColumnSelector: Sendable, Hashable {
    /// The header's name for it.
    case named(String)
    /// Its position, counting from 1 as `cut -f` does.
    case position(Int)

    init(decoding reader: NodeReader) throws(ScenarioError) {
        let text = try reader.scalarText("must be a column name from the header, or a column number from 1")
        if let number = NumberSyntax.integer(text) {
            guard number >= 1 else {
                throw reader.error("must be a column name from the header, or a column number from 1, got \(reader.described)")
            }
            self = .position(number)
        } else {
            self = .named(text)
        }
    }
}
