/// A workload parameter that makes no sense, named so the scenario layer can report
/// it with its field path and line (like `DistributionError` for distributions).
public struct WorkloadError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The parameter at fault, e.g. "rate" or "changes[2].at".
    public let parameter: String
    public let message: String
    public init(parameter: String, message: String) { self.parameter = parameter; self.message = message }
    public var description: String { "\(parameter): \(message)" }

    static func requireFinite(_ v: Double, _ name: String) throws {
        guard v.isFinite else { throw WorkloadError(parameter: name, message: "must be a finite number, got \(v)") }
    }
    static func requireNonNegative(_ v: Double, _ name: String) throws {
        try requireFinite(v, name)
        guard v >= 0 else { throw WorkloadError(parameter: name, message: "must be 0 or more, got \(v)") }
    }
    static func requirePositive(_ v: Double, _ name: String) throws {
        try requireFinite(v, name)
        guard v > 0 else { throw WorkloadError(parameter: name, message: "must be greater than 0, got \(v)") }
    }
}
