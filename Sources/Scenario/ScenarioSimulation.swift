import Serving

/// Runs a scenario with the model it describes: the one entry point for `knsim run`
/// and `knsim lint`.
///
/// The model follows from the revisions: every revision with `pool: {kind: fixed}`
/// selects the fixed-pool model ("fixed-pool"); every revision with
/// `pool: {kind: keep-alive}` the scale-per-request model ("keep-alive"); no pool the
/// Knative-on-Istio model ("knative"). A mix is an error, since no model runs two.
public enum ScenarioSimulation {
    public enum Model: String, Sendable, Equatable {
        case fixedPool = "fixed-pool"
        case keepAlive = "keep-alive"
        case knative
    }

    /// The model this scenario runs on.
    public static func model(for scenario: Scenario, file: String) throws(ScenarioError) -> Model {
        var first: (model: Model, service: Int, revision: Int)?
        for (s, service) in scenario.services.enumerated() {
            for (r, revision) in service.revisions.enumerated() {
                let model: Model
                switch revision.pool {
                case nil: model = .knative
                case .fixed?: model = .fixedPool
                case .keepAlive?: model = .keepAlive
                }
                guard let chosen = first else { first = (model, s, r); continue }
                guard chosen.model == model else {
                    // Point at a pool that is written (the revision without one has no line).
                    let (at, other) = chosen.model == .knative ? ((s, r), (chosen.service, chosen.revision))
                                                               : ((chosen.service, chosen.revision), (s, r))
                    let otherRevision = scenario.services[other.0].revisions[other.1]
                    let otherModel = otherRevision.pool == nil ? "has no pool" : "uses another kind of pool"
                    let path = FieldPath.root.key("services").index(at.0).key("revisions").index(at.1).key("pool")
                    throw LateFieldError(file: file).error(path, "every revision must use the same model: revision \(quoted(otherRevision.name)) \(otherModel) (give every revision a pool of one kind, or none for the Knative model)")
                }
            }
        }
        return first?.model ?? .knative
    }

    /// Builds the chosen model's configuration without running it (for `knsim lint`).
    @discardableResult
    public static func validate(_ scenario: Scenario, file: String) throws(ScenarioError) -> Model {
        let model = try model(for: scenario, file: file)
        switch model {
        case .fixedPool: _ = try scenario.fixedPoolConfiguration(file: file)
        case .keepAlive: _ = try scenario.keepAliveConfiguration(file: file)
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
        case .keepAlive:
            var simulation = KeepAliveSimulation(try scenario.keepAliveConfiguration(file: file))
            return (simulation.run(progress: progress), model.rawValue)
        case .knative:
            var simulation = KnativeSimulation(try scenario.knativeConfiguration(file: file))
            try checkPolicies(of: simulation, scenario: scenario, file: file)
            let report = simulation.run(progress: progress)
            try checkPolicies(of: simulation, scenario: scenario, file: file)
            return (report, model.rawValue)
        }
    }

    /// A policy that failed (an external program that did not start, exited or broke the
    /// protocol) fails the run at the revision's `policy`, with the policy's own message.
    static func checkPolicies(of simulation: KnativeSimulation, scenario: Scenario, file: String) throws(ScenarioError) {
        guard let (name, error) = simulation.policyFailure() else { return }
        var path = FieldPath.root
        for (s, service) in scenario.services.enumerated() {
            if let r = service.revisions.firstIndex(where: { $0.name == name }) {
                path = path.key("services").index(s).key("revisions").index(r).key("policy")
            }
        }
        throw LateFieldError(file: file).error(path, "\(error)")
    }
}
