import Engine

/// When a workload's requests arrive. Chosen by `process`; each process has its own
/// keys (see `keys(of:)`), so richer processes are added as cases here.
public enum ArrivalProcessConfig: Sendable, Equatable {
    /// Poisson arrivals: exponential gaps with mean 1/rate.
    case poisson(ratePerSecond: Double)
    /// One request every `interval`, the first one `interval` after the start.
    case deterministic(interval: SimDuration)

    static let processKey = "process"
    /// Each process and its parameters; the JSON Schema's `arrivals-NAME`
    /// definitions are checked against this list.
    static let processes: [(name: String, parameters: [String])] = [
        ("poisson", ["rate"]),
        ("deterministic", ["interval"]),
    ]

    static func keys(of process: String) -> [String] {
        [processKey] + (processes.first { $0.name == process }?.parameters ?? [])
    }

    init(decoding reader: NodeReader) throws(ScenarioError) {
        guard case .mapping = reader.node else {
            throw reader.error("must be a mapping such as {process: poisson, rate: 10}, got \(reader.described)")
        }
        let names = Self.processes.map(\.name)
        guard let processField = reader.peek(Self.processKey), !processField.isNull else {
            throw ScenarioError(at: reader.location, path: reader.path.appending(key: Self.processKey).description,
                                message: "is required (one of \(names.joined(separator: ", ")))")
        }
        let process = try processField.oneOf(names, what: "arrival process")
        var fields = try reader.mapping(keys: Self.keys(of: process))
        _ = fields.optional(Self.processKey)
        switch process {
        case "poisson":
            self = .poisson(ratePerSecond: try fields.required("rate")
                .number("must be a number of requests per second, greater than 0") { $0 > 0 })
        case "deterministic":
            self = .deterministic(interval: try fields.required("interval").duration("must be longer than 0") { $0 > .zero })
        default:
            preconditionFailure("process \(process) is listed but not decoded")
        }
        fields.finish()
    }
}
