import ArgumentParser
import Results
import Scenario

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Parse and validate scenarios without running them.",
        discussion: "Prints one line per scenario; exits 2 if any is invalid."
    )

    @Argument(help: "Scenario files (YAML).")
    var scenarios: [String]

    func validate() throws {
        guard !scenarios.isEmpty else { throw ValidationError("give at least one scenario file") }
    }

    func run() throws {
        var invalid = 0
        for path in scenarios {
            do {
                let scenario = try ScenarioLoader.load(path: path)
                for warning in scenario.warnings { printError(warning.description) }
                let model = try ScenarioSimulation.validate(scenario, file: path)
                _ = try scenario.metricExpectations()
                print("ok: \(path) (\(scenario.name), \(model.rawValue) model)")
            } catch {
                printError(error.description)
                invalid += 1
            }
        }
        if invalid > 0 { throw ExitCode(ExitStatus.badInput.rawValue) }
    }
}
