/// Where something was written in a scenario file, for messages that point at it.
public struct FilePosition: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based, as editors count.
    public var line: Int
    /// 1-based, counted in Unicode scalars (as libyaml counts).
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// Anything wrong with a scenario: a file that cannot be read, YAML that does not
/// parse, or a field that makes no sense.
///
/// Its description is ONE line, `FILE:LINE:COLUMN: FIELD.PATH: message`, the shape
/// compilers use, so editors and CI logs turn it into a link. Parts that do not
/// apply are left out: a missing file has no line, a malformed file no field path.
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The field at fault, e.g. `services[0].revisions[1].traffic`; empty when the
    /// problem is with the file as a whole.
    public var path: String
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, path: String = "", message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// An error about a value that was decoded earlier and kept with its location,
    /// e.g. a config-autoscaler entry whose value a later layer finds invalid.
    public init(at location: FilePosition, path: String, message: String) {
        self.init(file: location.file, line: location.line, column: location.column, path: path, message: message)
    }

    public var location: FilePosition? {
        guard let line, let column else { return nil }
        return FilePosition(file: file, line: line, column: column)
    }

    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": "
        if !path.isEmpty { text += path + ": " }
        // One line, whatever the message quoted.
        return text + message.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
