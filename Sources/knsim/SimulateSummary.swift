import Results
import Scenario

/// Runs a scenario on the model it describes and summarises it: what `run`, `check`
/// and `compare` share. A scenario error is bad input (exit 2).
func simulateSummary(_ scenario: Scenario, file: String, progress: ((Double) -> Void)? = nil) throws -> Summary {
    do {
        let (report, model) = try ScenarioSimulation.run(scenario, file: file, progress: progress)
        return Summary(report: report, scenario: scenario.name, seed: scenario.seed, model: model)
    } catch {
        throw KnsimFailure.badInput(error.description)
    }
}
