/// Requests sent to one service.
public struct WorkloadEntry: Sendable, Equatable {
    /// The service the requests go to (its revisions split them by traffic).
    public var service: String
    /// When requests arrive.
    public var arrivals: ArrivalProcessConfig

    public init(service: String, arrivals: ArrivalProcessConfig) {
        self.service = service
        self.arrivals = arrivals
    }

    static let keys = ["service", "arrivals"]

    init(decoding reader: NodeReader, services: [ServiceConfig]) throws(ScenarioError) {
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
        arrivals = try ArrivalProcessConfig(decoding: fields.required("arrivals"))
        fields.finish()
    }

    static func decodeList(_ reader: NodeReader, services: [ServiceConfig]) throws(ScenarioError) -> [WorkloadEntry] {
        let items = try reader.sequence("must be a list of {service, arrivals} entries")
        guard !items.isEmpty else { throw reader.error("must hold at least one entry") }
        var entries: [WorkloadEntry] = []
        for item in items { entries.append(try WorkloadEntry(decoding: item, services: services)) }
        return entries
    }
}
