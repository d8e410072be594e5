/// A configuration value Knative would reject, naming the key it came from.
public struct AutoscalingConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The key as the user wrote it (a config-autoscaler key, an annotation name with or
    /// without the `autoscaling.knative.dev/` prefix, or `container-concurrency`).
    public var key: String
    /// What is wrong, in a sentence fragment that follows the key.
    public var message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "\(key): \(message)" }
}
