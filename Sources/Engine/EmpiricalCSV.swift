import Foundation

/// Reads the samples of an empirical distribution from a CSV file: one sample per
/// row, from one column.
///
/// Format: rows separated by LF, CRLF or CR; fields by `separator` (a comma by
/// default); a field may be double-quoted (`"..."`, with `""` for a quote) but may
/// not span lines. Blank lines and lines whose first character is `#` are skipped. A
/// header line is the first other line, present if `hasHeader` is set or the
/// column is chosen by name. Every value must be a finite number of 0 or more.
///
/// Every problem is an `EmpiricalCSVError` naming the file, and the line and
/// column where there is one.
public struct EmpiricalCSV: Sendable, Equatable {
    /// Which field of each row holds the sample.
    public enum Column: Sendable, Equatable {
        /// By position, counting from 0.
        case index(Int)
        /// By the header's name for it (the file must have a header).
        case name(String)
    }

    public var column: Column
    public var hasHeader: Bool
    public var separator: Character

    public init(column: Column = .index(0), hasHeader: Bool = false, separator: Character = ",") {
        self.column = column
        self.hasHeader = hasHeader
        self.separator = separator
    }

    /// The samples in the file at `path` (relative paths resolve against the
    /// current directory; the caller resolves them against the scenario file).
    public func values(fromFile path: String) throws -> [Double] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EmpiricalCSVError(file: path, message: "cannot read the file (missing, a directory, or not readable)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw EmpiricalCSVError(file: path, message: "is not UTF-8 text")
        }
        return try values(parsing: text, file: path)
    }

    /// The samples in `text`; `file` names it in errors.
    public func values(parsing text: String, file: String) throws -> [Double] {
        var fieldIndex: Int?
        if case .index(let i) = column {
            guard i >= 0 else { throw EmpiricalCSVError(file: file, message: "column index must be 0 or more, got \(i)") }
            fieldIndex = i
        }
        var expectHeader = hasHeader || fieldIndex == nil
        var values: [Double] = []
        var lineNumber = 0
        // Swift reads CRLF as one Character, which `isNewline` covers along with LF and CR.
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            var line = rawLine
            if lineNumber == 1, line.first == "\u{FEFF}" { line = line.dropFirst() }
            if line.allSatisfy(\.isWhitespace) || line.first == "#" { continue }
            let fields = try Self.fields(of: line, separator: separator, file: file, line: lineNumber)
            if expectHeader {
                expectHeader = false
                if case .name(let name) = column {
                    fieldIndex = try Self.index(ofColumn: name, in: fields, file: file, line: lineNumber)
                }
                continue
            }
            let i = fieldIndex!
            guard i < fields.count else {
                throw EmpiricalCSVError(file: file, line: lineNumber, column: i + 1,
                                        message: "row has \(fields.count) field(s), so no column \(i + 1)")
            }
            let text = fields[i].trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else {
                throw EmpiricalCSVError(file: file, line: lineNumber, column: i + 1, message: "value is empty")
            }
            guard let v = Double(text) else {
                let hint = values.isEmpty && !hasHeader ? " (if this is a header line, declare the header)" : ""
                throw EmpiricalCSVError(file: file, line: lineNumber, column: i + 1, message: "'\(text)' is not a number\(hint)")
            }
            guard v.isFinite, v >= 0 else {
                throw EmpiricalCSVError(file: file, line: lineNumber, column: i + 1,
                                        message: "value must be a finite number of 0 or more, got \(text)")
            }
            values.append(v)
        }
        guard !values.isEmpty else {
            throw EmpiricalCSVError(file: file, message: "holds no samples")
        }
        return values
    }

    /// An empirical distribution over the samples in the file at `path`.
    public func distribution(fromFile path: String) throws -> Distribution {
        try Distribution.empirical(values: values(fromFile: path))
    }

    /// Splits one line into fields, unquoting quoted ones.
    static func fields(of line: Substring, separator: Character, file: String, line lineNumber: Int) throws -> [String] {
        var fields: [String] = []
        var current = ""
        var inQuotes = false
        var afterClosingQuote = false
        var chars = line.makeIterator()
        while let c = chars.next() {
            if inQuotes {
                if c == "\"" {
                    // Either an escaped quote ("") or the end of the quoted part.
                    var lookahead = chars
                    if lookahead.next() == "\"" {
                        current.append("\"")
                        chars = lookahead
                    } else {
                        inQuotes = false
                        afterClosingQuote = true
                    }
                } else {
                    current.append(c)
                }
            } else if c == separator {
                fields.append(current)
                current = ""
                afterClosingQuote = false
            } else if c == "\"" && current.allSatisfy(\.isWhitespace) && !afterClosingQuote {
                inQuotes = true
                current = ""
            } else if afterClosingQuote && !c.isWhitespace {
                throw EmpiricalCSVError(file: file, line: lineNumber, column: fields.count + 1,
                                        message: "unexpected text after a closing quote")
            } else {
                current.append(c)
            }
        }
        if inQuotes {
            throw EmpiricalCSVError(file: file, line: lineNumber, column: fields.count + 1,
                                    message: "quoted field is not closed on this line")
        }
        fields.append(current)
        return fields
    }

    static func index(ofColumn name: String, in header: [String], file: String, line: Int) throws -> Int {
        let names = header.map { $0.trimmingCharacters(in: .whitespaces) }
        let matches = names.indices.filter { names[$0] == name }
        guard let first = matches.first else {
            throw EmpiricalCSVError(file: file, line: line,
                                    message: "header has no column named '\(name)' (columns: \(names.joined(separator: ", ")))")
        }
        guard matches.count == 1 else {
            throw EmpiricalCSVError(file: file, line: line, column: matches[1] + 1,
                                    message: "header names column '\(name)' more than once (columns \(matches.map { String($0 + 1) }.joined(separator: ", ")))")
        }
        return first
    }
}

/// A problem with an empirical-samples CSV file: where, and what.
public struct EmpiricalCSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file's path as given.
    public let file: String
    /// 1-based line number; nil for a problem with the whole file.
    public let line: Int?
    /// 1-based column (field) number; nil when the problem is not in one field.
    public let column: Int?
    /// What is wrong, one line.
    public let message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, the form compilers use, with absent parts left out.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(message)"
    }
}
