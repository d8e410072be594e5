/// Something in the input that knsim reads but does not act on, e.g. a field of a
/// Knative Service manifest that the model has no counterpart for, or a setting
/// another setting makes moot. Not an error: the scenario runs, and `knsim lint`
/// prints the warnings so nothing is silently dropped.
///
/// Its description is one line, `FILE:LINE:COLUMN: warning: FIELD.PATH: message`,
/// the shape compilers use for warnings.
public struct ScenarioWarning: Sendable, Hashable, CustomStringConvertible {
    /// Where the field is written (the manifest file for manifest fields).
    public var location: FilePosition
    /// The field's path in its file, e.g. `spec.template.spec.containers[0].env`.
    public var path: String
    public var message: String

    public init(at location: FilePosition, path: String, message: String) {
        self.location = location
        self.path = path
        self.message = message
    }

    public var description: String {
        "\(location): warning: " + (path.isEmpty ? "" : path + ": ")
            + message.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

extension NodeReader {
    func warning(_ message: String) -> ScenarioWarning {
        ScenarioWarning(at: location, path: path.description, message: message)
    }
}
