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
            Writes summary.json and timeseries.csv to results/<scenario name>/ (or --out), \
            atomically: the folder is complete or absent, never half-written.
            """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "Seed for every random stream, instead of the scenario's `seed`.")
    var seed: UInt64?

    @Option(help: "Folder for the results (default: results/<scenario name>).")
    var out: String?

    @Option(help: "A saved summary.json to compare this run with (prints each metric's change).")
    var baseline: String?

    func run() throws {
        var scenario = try loadScenario(self.scenario)
        if let seed { scenario.seed = seed }
        var progress = ProgressBar(label: scenario.name)
        let (report, model): (RunReport, String)
        do {
            (report, model) = try ScenarioSimulation.run(scenario, file: self.scenario) { progress.update(fraction: $0) }
        } catch {
            throw KnsimFailure.badInput(error.description)
        }
        progress.finish()

        let summary = Summary(report: report, scenario: scenario.name, seed: scenario.seed, model: model)
        let destination = URL(fileURLWithPath: out ?? "results/\(scenario.name)")
        do {
            var files = [
                ("summary.json", try ResultFiles.summaryJSON(summary)),
                ("timeseries.csv", ResultFiles.timeSeriesCSV(report.timeSeries)),
            ]
            if let edges = ResultFiles.edgesCSV(summary) { files.append(("edges.csv", edges)) }
            try AtomicDirectory.write(files, to: destination)
        } catch let error as AtomicDirectory.WriteError {
            throw KnsimFailure.badInput(error.description)
        }
        print(TerminalSummary.render(summary, writtenTo: destination.path))
        try printBaselineComparison(summary)
    }
}
