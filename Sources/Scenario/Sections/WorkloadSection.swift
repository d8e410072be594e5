import Engine

/// Requests sent to one service.
public struct WorkloadEntry: Sendable, Equatable {
    /// The service the requests go to (its revisions split them by traffic).
    public var service: String
    /// When requests arrive.
    public var arrivals: ArrivalProcessConfig
    /// Service time of these requests, instead of the revisions' own. Default: nil,
    /// each revision's `service-time` (or, for azure-2021 traces, each invocation's
    /// recorded duration; for azure-2019 with `durations-file`, the function's
    /// duration percentiles).
    public var serviceTime: Distribution?
    /// When the entry starts sending, since the start of the run. Default: 0.
    public var start: SimDuration
    /// When it stops. Default: nil, the end of the run.
    public var end: SimDuration?

    public init(service: String, arrivals: ArrivalProcessConfig, serviceTime: Distribution? = nil,
                start: SimDuration = .zero, end: SimDuration? = nil) {
        self.service = service
        self.arrivals = arrivals
        self.serviceTime = serviceTime
        self.start = start
        self.end = end
    }

    static let keys = ["service", "arrivals", "service-time", "start", "end"]

    init(decoding reader: NodeReader, services: [ServiceConfig], duration: SimDuration) throws(ScenarioError) {
        var fields = try reader.mapping(keys: Self.keys)
        let serviceField = try fields.required("service")
        let service = try serviceField.string()
        guard services.contains(where: { $0.name == service }) else {
            let names = services.map(\.name)
            if let guess = KeySuggestion.closest(to: service, among: names) {
                throw serviceField.error("no service named \(quoted(service)); did you mean \(quoted(guess))?")
            }
            throw serviceField.error("no service named \(quoted(service)) (services: \(names.joined(separator: ", ")))")
        }
        self.service = service
        arrivals = try ArrivalProcessConfig(decoding: fields.required("arrivals"), duration: duration)
        let serviceTimeField = fields.optional("service-time")
        serviceTime = try serviceTimeField.map { r throws(ScenarioError) in try DistributionDecoder.decode(r) }
        if let serviceTimeField, case .trace(let trace) = arrivals, trace.durationsFile != nil {
            throw serviceTimeField.error("cannot be combined with the trace's durations-file, which gives the service time")
        }
        start = try fields.optional("start")?
            .duration("must be before the end of the run (\(DurationSyntax.format(duration)))") { $0 < duration } ?? .zero
        let start = self.start
        end = try fields.optional("end")?.duration("must be later than start (\(DurationSyntax.format(start)))") { $0 > start }
        fields.finish()
    }

    static func decodeList(_ reader: NodeReader, services: [ServiceConfig],
                           duration: SimDuration) throws(ScenarioError) -> [WorkloadEntry] {
        let items = try reader.sequence("must be a list of {service, arrivals} entries")
        guard !items.isEmpty else { throw reader.error("must hold at least one entry") }
        var entries: [WorkloadEntry] = []
        for item in items { entries.append(try WorkloadEntry(decoding: item, services: services, duration: duration)) }
        return entries
    }
}
