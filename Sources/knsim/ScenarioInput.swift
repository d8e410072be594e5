import Scenario

/// Loads a scenario for a subcommand, turning its error into knsim's bad-input failure
/// (one line: FILE:LINE:COLUMN: FIELD.PATH: message).
func loadScenario(_ path: String, overrides: [ScenarioOverride] = []) throws -> Scenario {
    do {
        return try ScenarioLoader.load(path: path, overrides: overrides)
    } catch {
        throw KnsimFailure.badInput(error.description)
    }
}
