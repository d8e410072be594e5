import ArgumentParser
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
                // A scenario whose pools are keep-alive pools is the keep-alive model's input.
                let keepAlive = scenario.services.contains { $0.revisions.contains {
                    if case .keepAlive = $0.pool { true } else { false } } }
                if keepAlive {
                    _ = try scenario.keepAliveConfiguration(file: path)
                } else {
                    _ = try scenario.fixedPoolConfiguration(file: path)
                }
                print("ok: \(path) (\(scenario.name))")
            } catch {
                printError(error.description)
                invalid += 1
            }
        }
        if invalid > 0 { throw ExitCode(ExitStatus.badInput.rawValue) }
    }
}
