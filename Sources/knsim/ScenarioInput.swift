import Scenario

/// Loads a scenario for a subcommand, turning its error into knsim's bad-input failure
/// (one line: FILE:LINE:COLUMN: FIELD.PATH: message).
func loadScenario(_ path: String) throws -> Scenario {
    do {
        return try ScenarioLoader.load(path: path)
    } catch {
        throw KnsimFailure.badInput(error.description)
    }
}
