import Autoscaling

/// One `key: value` setting kept as written, with where it was written, so that the
/// layer that interprets the value can report a bad one at the right line.
public struct ConfigEntry: Sendable, Hashable {
    /// The key: a config-autoscaler key, or for revision annotations the name after
    /// `autoscaling.knative.dev/` (ignored annotations keep their full key).
    public var key: String
    /// The value as text, as Kubernetes stores ConfigMap data and annotations.
    public var value: String
    /// Where the value is written.
    public var location: FilePosition
    /// The value's field path, e.g. `autoscaler.stable-window`.
    public var path: String

    public init(key: String, value: String, location: FilePosition, path: String) {
        self.key = key
        self.value = value
        self.location = location
        self.path = path
    }

    /// An error about this entry's value, at its line.
    public func error(_ message: String) -> ScenarioError {
        ScenarioError(at: location, path: path, message: message)
    }
}

/// The `config-autoscaler` ConfigMap: Knative's keys verbatim
/// (`KnativeKeys.configMapKeys`), values as Knative accepts them (`"60s"`, `70`,
/// `"true"`). Values are kept as text in the order written; the Autoscaling layer
/// parses and range-checks them and applies Knative's defaults for absent keys.
public struct AutoscalerConfigMap: Sendable, Equatable {
    public var entries: [ConfigEntry]

    public init(entries: [ConfigEntry] = []) { self.entries = entries }

    public func entry(_ key: String) -> ConfigEntry? { entries.first { $0.key == key } }

    /// The value for `key` as written, or nil if the scenario does not set it.
    public subscript(key: String) -> String? { entry(key)?.value }

    static var keys: [String] { KnativeKeys.configMapKeys }

    init(decoding reader: NodeReader) throws(ScenarioError) {
        var fields = try reader.mapping(keys: Self.keys)
        var entries: [ConfigEntry] = []
        for key in fields.writtenKeys {
            guard let value = fields.optional(key) else {
                // An empty value is not a setting; say so instead of dropping it.
                throw reader.peek(key)!.error("must be a string or number, got an empty value")
            }
            entries.append(try ConfigEntry(decodingScalar: value, key: key))
        }
        self.entries = entries
    }
}

extension ConfigEntry {
    /// A setting whose value must be a scalar (string, number or boolean).
    init(decodingScalar reader: NodeReader, key: String) throws(ScenarioError) {
        self.init(key: key, value: try reader.scalarText("must be a string or number"),
                  location: reader.location, path: reader.path.description)
    }
}
