import Engine
import Yams

/// What every reader needs to know about the file being decoded.
struct DecodingContext: Sendable {
    /// The scenario file as the user named it; it starts every message.
    let file: String
    /// The folder that relative paths in the scenario (e.g. empirical data files)
    /// are resolved against: the scenario file's own folder.
    let baseDirectory: String
}

/// One YAML node together with its field path, read into typed values.
///
/// Yams' Codable decoder reports type errors by coding path only and silently ignores
/// unknown keys, so scenarios are read from Yams' `Node` tree instead, whose marks
/// carry line and column: every error this type throws names the file, the line,
/// the column and the field path.
struct NodeReader {
    let node: Node
    let path: FieldPath
    let context: DecodingContext

    var location: FilePosition {
        let mark = node.mark
        return FilePosition(file: context.file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    func error(_ message: String) -> ScenarioError {
        ScenarioError(at: location, path: path.description, message: message)
    }

    /// The reader for a child node, e.g. one element of a list.
    func child(_ node: Node, path: FieldPath) -> NodeReader {
        NodeReader(node: node, path: path, context: context)
    }

    // MARK: Shape

    /// `key:` with nothing after it, `~` or `null`: YAML's ways of writing nothing.
    var isNull: Bool {
        guard case .scalar(let scalar) = node else { return false }
        guard scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// How the value reads in a "got ..." clause.
    var described: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar): return isNull ? "an empty value" : quoted(scalar.string)
        }
    }

    /// The text of a scalar; `expectation` is the start of the message otherwise,
    /// e.g. "must be a number".
    func scalarText(_ expectation: String) throws(ScenarioError) -> String {
        guard case .scalar(let scalar) = node, !isNull else { throw error("\(expectation), got \(described)") }
        return scalar.string
    }

    func mapping(keys: [String]) throws(ScenarioError) -> MappingReader {
        try MappingReader(self, keys: keys)
    }

    /// The elements of a list, each with its index in the path.
    func sequence(_ expectation: String = "must be a list") throws(ScenarioError) -> [NodeReader] {
        guard case .sequence(let sequence) = node else { throw error("\(expectation), got \(described)") }
        return sequence.enumerated().map { child($0.element, path: path.appending(index: $0.offset)) }
    }

    /// The value of `key` if this is a mapping holding it, read without the checks
    /// of `MappingReader`: for pointing at a field after the mapping was decoded
    /// (e.g. the second of two equal names).
    func peek(_ key: String) -> NodeReader? {
        guard case .mapping(let mapping) = node else { return nil }
        for (keyNode, value) in mapping where keyNode.scalar?.string == key {
            return child(value, path: path.appending(key: key))
        }
        return nil
    }

    /// The reader of a key itself, if this is a mapping holding it: for messages
    /// about the key rather than its value (e.g. "move this section").
    func keyReader(_ key: String) -> NodeReader? {
        guard case .mapping(let mapping) = node else { return nil }
        for (keyNode, _) in mapping where keyNode.scalar?.string == key {
            return child(keyNode, path: path.appending(key: key))
        }
        return nil
    }

    /// The elements, if this is a list; nil otherwise.
    var sequenceItems: [NodeReader]? {
        guard case .sequence(let list) = node else { return nil }
        return list.enumerated().map { child($0.element, path: path.appending(index: $0.offset)) }
    }

    // MARK: Typed scalars

    func string(_ expectation: String = "must be a string") throws(ScenarioError) -> String {
        try scalarText(expectation)
    }

    /// A string that is not empty or only spaces.
    func nonEmptyString(_ expectation: String = "must be a non-empty string") throws(ScenarioError) -> String {
        let text = try scalarText(expectation)
        guard !text.trimmingSpaces.isEmpty else { throw error("\(expectation), got \(described)") }
        return text
    }

    /// A DNS-1123 label, as Kubernetes and Knative require for object names.
    func dnsLabel() throws(ScenarioError) -> String {
        let text = try scalarText("must be a name (a DNS-1123 label)")
        if let problem = DNSLabel.problem(with: text) { throw error(problem) }
        return text
    }

    /// A number that `accept` approves of; `expectation` says which, e.g.
    /// "must be a number from 0 to 100".
    func number(_ expectation: String = "must be a number",
                accept: (Double) -> Bool = { _ in true }) throws(ScenarioError) -> Double {
        let text = try scalarText(expectation)
        guard let value = NumberSyntax.double(text.trimmingSpaces), value.isFinite, accept(value) else {
            throw error("\(expectation), got \(described)")
        }
        return value
    }

    func integer(_ expectation: String = "must be a whole number",
                 accept: (Int) -> Bool = { _ in true }) throws(ScenarioError) -> Int {
        let text = try scalarText(expectation)
        guard let value = NumberSyntax.integer(text.trimmingSpaces), accept(value) else {
            throw error("\(expectation), got \(described)")
        }
        return value
    }

    func unsigned64(_ expectation: String) throws(ScenarioError) -> UInt64 {
        let text = try scalarText(expectation)
        guard let value = NumberSyntax.unsigned64(text.trimmingSpaces) else {
            throw error("\(expectation), got \(described)")
        }
        return value
    }

    /// `true` or `false`, in any capitalisation; quoted or not, since ConfigMap-minded
    /// users quote them.
    func bool() throws(ScenarioError) -> Bool {
        let expectation = "must be true or false"
        switch try scalarText(expectation).trimmingSpaces.lowercased() {
        case "true": return true
        case "false": return false
        default: throw error("\(expectation), got \(described)")
        }
    }

    /// A duration (`250ms`, `1m30s`, or a plain number of seconds) that `accept`
    /// approves of; `requirement` says which, e.g. "must be longer than 0".
    func duration(_ requirement: String = "",
                  accept: (SimDuration) -> Bool = { _ in true }) throws(ScenarioError) -> SimDuration {
        let text = try scalarText(DurationSyntax.expectation)
        let value: SimDuration
        do { value = try DurationSyntax.parse(text) } catch { throw self.error(error.message) }
        guard accept(value) else { throw error("\(requirement), got \(described)") }
        return value
    }

    /// A Kubernetes quantity (`500m`, `256Mi`) that `accept` approves of.
    func quantity(_ requirement: String = "",
                  accept: (Double) -> Bool = { _ in true }) throws(ScenarioError) -> Double {
        let text = try scalarText(Quantity.expectation)
        let value: Quantity
        do { value = try Quantity(parsing: text) } catch { throw self.error(error.message) }
        guard accept(value.value) else { throw error("\(requirement), got \(described)") }
        return value.value
    }

    /// One of a closed set of words, with a "did you mean" for near misses.
    func oneOf(_ choices: [String], what: String) throws(ScenarioError) -> String {
        let list = choices.joined(separator: ", ")
        let text = try scalarText("must be one of \(list)")
        guard choices.contains(text) else {
            if let guess = KeySuggestion.closest(to: text, among: choices) {
                throw error("unknown \(what) \(quoted(text)); did you mean \(quoted(guess))? (one of \(list))")
            }
            throw error("unknown \(what) \(quoted(text)) (one of \(list))")
        }
        return text
    }
}
