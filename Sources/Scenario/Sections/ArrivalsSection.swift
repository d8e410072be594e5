import Engine

/// When a workload's requests arrive. Chosen by `process`; each process has its own
/// keys (see `processes`). The Workload layer turns these into arrival streams; the
/// scenario checks their parameters (and that named files exist) but does not read
/// trace contents.
public enum ArrivalProcessConfig: Sendable, Equatable {
    /// Poisson arrivals: exponential gaps with mean 1/rate.
    case poisson(ratePerSecond: Double)
    /// One request every `interval`, the first one `interval` after the start.
    case deterministic(interval: SimDuration)
    /// Poisson arrivals whose rate follows a schedule of steps and linear ramps.
    case schedule(RateSchedule)
    /// Poisson arrivals whose rate follows a daily (or other) sine wave.
    case diurnal(DiurnalRate)
    /// A Markov-modulated Poisson process: bursty, on/off traffic.
    case mmpp(MMPPConfig)
    /// A fixed population of clients, each sending a request, waiting for the
    /// response, thinking, and sending the next.
    case closedLoop(clients: Int, thinkTime: Distribution)
    /// Arrivals replayed from a recorded trace.
    case trace(TraceConfig)

    static let processKey = "process"
    /// Each process and its parameters; the JSON Schema's `arrivals-NAME`
    /// definitions are checked against this list.
    static let processes: [(name: String, parameters: [String])] = [
        ("poisson", ["rate"]),
        ("deterministic", ["interval"]),
        ("schedule", ["segments"]),
        ("diurnal", ["mean", "amplitude", "period", "phase"]),
        ("mmpp", ["states"]),
        ("closed-loop", ["clients", "think-time"]),
        ("trace", TraceConfig.keys),
    ]

    static func keys(of process: String) -> [String] {
        [processKey] + (processes.first { $0.name == process }?.parameters ?? [])
    }

    /// `duration` is the run's, for times that must fall inside it.
    init(decoding reader: NodeReader, duration: SimDuration) throws(ScenarioError) {
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
        case "schedule":
            self = .schedule(try RateSchedule(decoding: fields.required("segments"), duration: duration))
        case "diurnal":
            self = .diurnal(try DiurnalRate(decoding: &fields))
        case "mmpp":
            self = .mmpp(try MMPPConfig(decoding: fields.required("states")))
        case "closed-loop":
            let clients = try fields.required("clients").integer("must be a whole number of clients, at least 1") { $0 >= 1 }
            self = .closedLoop(clients: clients, thinkTime: try DistributionDecoder.decode(fields.required("think-time")))
        case "trace":
            self = .trace(try TraceConfig(decoding: &fields))
        default:
            preconditionFailure("process \(process) is listed but not decoded")
        }
        fields.finish()
    }
}

/// A rate that follows a sine wave around its mean:
/// rate(t) = mean x (1 + amplitude x sin(2 pi (t + phase) / period)),
/// t the time since the start of the run. With the default phase 0 the run starts
/// at the mean, rising; the rate peaks a quarter period minus `phase` in.
public struct DiurnalRate: Sendable, Equatable {
    /// Mean requests per second, > 0.
    public var mean: Double
    /// Relative swing, 0 to 1: the rate ranges over mean x (1 +- amplitude).
    public var amplitude: Double
    /// Default: 24h.
    public var period: SimDuration
    /// Where in the cycle the run starts, 0 to period. Default: 0.
    public var phase: SimDuration

    public init(mean: Double, amplitude: Double, period: SimDuration = DiurnalRate.defaultPeriod, phase: SimDuration = .zero) {
        self.mean = mean
        self.amplitude = amplitude
        self.period = period
        self.phase = phase
    }

    public static let defaultPeriod = SimDuration.wholeSeconds(24 * 3600)

    init(decoding fields: inout MappingReader) throws(ScenarioError) {
        mean = try fields.required("mean").number("must be a number of requests per second, greater than 0") { $0 > 0 }
        amplitude = try fields.required("amplitude").number("must be a number from 0 to 1") { (0...1).contains($0) }
        period = try fields.optional("period")?.duration("must be longer than 0") { $0 > .zero } ?? Self.defaultPeriod
        let period = self.period
        phase = try fields.optional("phase")?
            .duration("must be shorter than period (\(DurationSyntax.format(period)))") { $0 < period } ?? .zero
    }
}

/// A Markov-modulated Poisson process: requests arrive as a Poisson process whose
/// rate is that of the current state; the process stays in a state for an
/// exponentially distributed time (mean `meanSojourn`) and then moves to the next
/// state in the list, the last one moving back to the first. It starts in the first
/// state. Two states, one with rate 0, give on/off traffic.
public struct MMPPConfig: Sendable, Equatable {
    public struct State: Sendable, Equatable {
        /// Requests per second while in this state, 0 or more.
        public var rate: Double
        /// Mean time spent in this state per visit, > 0.
        public var meanSojourn: SimDuration

        public init(rate: Double, meanSojourn: SimDuration) {
            self.rate = rate
            self.meanSojourn = meanSojourn
        }

        static let keys = ["rate", "mean-sojourn"]
    }

    /// At least two.
    public var states: [State]

    public init(states: [State]) { self.states = states }

    init(decoding reader: NodeReader) throws(ScenarioError) {
        let items = try reader.sequence("must be a list of states such as {rate: 50, mean-sojourn: 30s}")
        guard items.count >= 2 else {
            throw reader.error("must hold at least two states (one state is a Poisson process), got \(items.count)")
        }
        states = []
        for item in items {
            var fields = try item.mapping(keys: State.keys)
            let rate = try fields.required("rate").number("must be a number of requests per second, 0 or more") { $0 >= 0 }
            let sojourn = try fields.required("mean-sojourn").duration("must be longer than 0") { $0 > .zero }
            fields.finish()
            states.append(State(rate: rate, meanSojourn: sojourn))
        }
        guard states.contains(where: { $0.rate > 0 }) else {
            throw reader.error("every state's rate is 0, so no request would arrive")
        }
    }
}
