import ArgumentParser
import Foundation
import Results
import Scenario
import Serving

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Simulate a scenario and write its results.",
        discussion: """
            Writes summary.json, timeseries.csv, latency.csv and (Knative model) pods_by_node.csv to \
            results/<scenario name>/ (or --out), \
            atomically: the folder is complete or absent, never half-written.
            """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "Seed for every random stream, instead of the scenario's `seed`.")
    var seed: UInt64?

    @Option(name: .customLong("set"),
            help: ArgumentHelp("Override a scenario value, as in compare (repeatable).", valueName: "path=value"))
    var overrides: [String] = []

    @Option(help: "Folder for the results (default: results/<scenario name>).")
    var out: String?

    @Option(help: "A saved summary.json to compare this run with (prints each metric's change).")
    var baseline: String?

    func run() throws {
        var scenario = try loadScenario(self.scenario, overrides: parseOverrides(overrides))
        if let seed { scenario.seed = seed }
        var progress = ProgressBar(label: scenario.name)
        let (report, model): (RunReport, String)
        do {
            (report, model) = try ScenarioSimulation.run(scenario, file: self.scenario) { progress.update(fraction: $0) }
        } catch {
            throw KnsimFailure.badInput(error.description)
        }
        progress.finish()

        var summary = Summary(report: report, scenario: scenario.name, seed: scenario.seed, model: model)
        summary.price(with: scenario.prices)
        let destination = URL(fileURLWithPath: out ?? "results/\(scenario.name)")
        do {
            try AtomicDirectory.write(try ResultFiles.runFiles(summary: summary, report: report), to: destination)
        } catch let error as AtomicDirectory.WriteError {
            throw KnsimFailure.badInput(error.description)
        }
        print(TerminalSummary.render(summary, timeSeries: report.timeSeries, writtenTo: destination.path))
        try printBaselineComparison(summary)
    }
}
