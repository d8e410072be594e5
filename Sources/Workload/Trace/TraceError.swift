/// A problem with a trace file, located as precisely as it can be: file, line
/// (1-based), field number (1-based) and the column's name from the header.
public struct TraceError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    /// nil for whole-file problems (cannot open, function not found).
    public let line: Int?
    /// 1-based field number within the line.
    public let column: Int?
    /// The column's name, when the format or header names it.
    public let field: String?
    public let message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.message = message
    }

    /// `file:line: column 3 (duration): message`, like a compiler diagnostic.
    public var description: String {
        var s = file
        if let line { s += ":\(line)" }
        s += ": "
        if let column {
            s += "column \(column)"
            if let field { s += " (\(field))" }
            s += ": "
        } else if let field {
            s += "\(field): "
        }
        return s + message
    }
}

/// Bounds on what a trace loader keeps in memory.
public enum TraceLimits {
    /// Rows a loader holds in memory by default: 20 million. A replayed row costs
    /// 8 bytes (its arrival) plus 8 if it carries a service time, so this bound is
    /// at most 320 MB. Raise it with the loaders' `maxRows` if the machine allows.
    public static let defaultMaxRows = 20_000_000
}
