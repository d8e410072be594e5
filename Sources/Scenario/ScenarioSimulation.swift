import Serving

/// Runs a scenario with the model it describes: the one entry point for `knsim run`
/// and `knsim lint`.
///
/// The model follows from the revisions: every revision with `pool: {kind: fixed}`
/// selects the fixed-pool model ("fixed-pool"); none selects the Knative-on-Istio
/// model ("knative"); a mix is an error, since no model runs both.
public enum ScenarioSimulation {
    public enum Model: String, Sendable, Equatable {
        case fixedPool = "fixed-pool"
        case knative
    }

    /// The model this scenario runs on.
    public static func model(for scenario: Scenario, file: String) throws(ScenarioError) -> Model {
        var fixed: [(service: Int, revision: Int)] = []
        var autoscaled: [(service: Int, revision: Int)] = []
        for (s, service) in scenario.services.enumerated() {
            for (r, revision) in service.revisions.enumerated() {
                if revision.pool == nil { autoscaled.append((s, r)) } else { fixed.append((s, r)) }
            }
        }
        if autoscaled.isEmpty { return .fixedPool }
        if fixed.isEmpty { return .knative }
        let first = fixed[0], other = autoscaled[0]
        let name = scenario.services[other.service].revisions[other.revision].name
        let path = FieldPath.root.key("services").index(first.service).key("revisions").index(first.revision).key("pool")
        throw LateFieldError(file: file).error(path, "a fixed pool cannot be combined with autoscaled revisions (revision \(quoted(name)) has no pool): give every revision a pool for the fixed-pool model, or none for the Knative model")
    }

    /// Builds the chosen model's configuration without running it (for `knsim lint`).
    @discardableResult
    public static func validate(_ scenario: Scenario, file: String) throws(ScenarioError) -> Model {
        let model = try model(for: scenario, file: file)
        switch model {
        case .fixedPool: _ = try scenario.fixedPoolConfiguration(file: file)
        case .knative: _ = try scenario.knativeConfiguration(file: file)
        }
        return model
    }

    /// Runs the scenario to its end. `progress` is called now and then with the
    /// fraction of simulated time done.
    public static func run(_ scenario: Scenario, file: String,
                           progress: ((Double) -> Void)?) throws(ScenarioError) -> (report: RunReport, model: String) {
        let model = try model(for: scenario, file: file)
        switch model {
        case .fixedPool:
            var simulation = FixedPoolSimulation(try scenario.fixedPoolConfiguration(file: file))
            return (simulation.run(progress: progress), model.rawValue)
        case .knative:
            var simulation = KnativeSimulation(try scenario.knativeConfiguration(file: file))
            return (simulation.run(progress: progress), model.rawValue)
        }
    }
}
