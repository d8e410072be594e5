/// One `expect:` line, e.g. `latency.p99 < 2s`, kept as written with its location
/// so the checker can report a failed or malformed expectation at its line.
public struct Expectation: Sendable, Hashable {
    public var text: String
    public var location: FilePosition
    /// e.g. `expect[2]`.
    public var path: String

    public init(text: String, location: FilePosition, path: String) {
        self.text = text
        self.location = location
        self.path = path
    }

    /// An error about this expectation, at its line.
    public func error(_ message: String) -> ScenarioError {
        ScenarioError(at: location, path: path, message: message)
    }

    static func decodeList(_ reader: NodeReader) throws(ScenarioError) -> [Expectation] {
        var expectations: [Expectation] = []
        for item in try reader.sequence("must be a list of expectations such as \"latency.p99 < 2s\"") {
            let text = try item.nonEmptyString("must be an expectation such as \"latency.p99 < 2s\"")
            expectations.append(Expectation(text: text, location: item.location, path: item.path.description))
        }
        return expectations
    }
}
