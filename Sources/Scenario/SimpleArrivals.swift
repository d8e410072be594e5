import Engine

extension Scenario {
    /// The time between arrivals of a service's one workload entry, for the simple
    /// models (fixed pool, keep-alive), which take Poisson or deterministic arrivals only.
    func simpleInterarrival(service name: String, model: String, file: String) throws(ScenarioError) -> Distribution {
        let entries = workload.filter { $0.service == name }
        guard entries.count == 1 else {
            throw ScenarioError(file: file, path: "workload",
                                message: "the \(model) model needs exactly one entry for service \"\(name)\", found \(entries.count)")
        }
        switch entries[0].arrivals {
        case .poisson(let rate): return .exponential(mean: 1 / rate)
        case .deterministic(let interval): return .constant(interval.seconds)
        default:
            throw ScenarioError(file: file, path: "workload",
                                message: "the \(model) model takes poisson or deterministic arrivals for service \"\(name)\"")
        }
    }
}
