import Results
import Scenario

/// Runs a scenario on the model it describes and summarises it: what `run`, `check`
/// and `compare` share. A scenario error is bad input (exit 2).
func simulateSummary(_ scenario: Scenario, file: String, progress: ((Double) -> Void)? = nil) throws -> Summary {
    do {
        let (report, model) = try ScenarioSimulation.run(scenario, file: file, progress: progress)
        var summary = Summary(report: report, scenario: scenario.name, seed: scenario.seed, model: model)
        summary.price(with: scenario.prices)
        return summary
    } catch {
        throw KnsimFailure.badInput(error.description)
    }
}
