import ArgumentParser
import Foundation
import Results
import Scenario
import Serving

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare variants of a scenario over replications, with confidence intervals.",
        discussion: """
            Runs the scenario as written (the baseline) and once per --variant, R times each; \
            replication r of every variant uses seed = scenario seed + r. Prints mean ± 95% \
            confidence interval of cold starts, latency p50/p95/p99, failures and pod-seconds, \
            and writes comparison.csv and comparison.md to results/<scenario>/compare (or --out). \
            With --shard I/N only runs whose index % N == I are made, and a partial result \
            shard-I-of-N.json is written instead; `knsim merge` combines the partials.
            """
    )

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(name: .customLong("variant"),
            help: ArgumentHelp("A variant: NAME:PATH=VALUE[,PATH=VALUE...] (repeatable).", valueName: "spec"))
    var variants: [String] = []

    @Option(name: .customLong("set"),
            help: ArgumentHelp("An override applied to the baseline and every variant (repeatable).", valueName: "path=value"))
    var overrides: [String] = []

    @Option(help: "Replications per variant (default 5).")
    var replications: Int = 5

    @Option(help: "Folder for the results (default: results/<scenario name>/compare).")
    var out: String?

    @Option(help: ArgumentHelp("Run only the runs whose index % N == I and write a partial result.", valueName: "I/N"))
    var shard: String?

    @Option(help: "Runs in parallel (default: the number of cores).")
    var jobs: Int?

    func run() throws {
        guard replications >= 1 else { throw KnsimFailure.badInput("--replications must be at least 1, got \(replications)") }
        if let jobs, jobs < 1 { throw KnsimFailure.badInput("--jobs must be at least 1, got \(jobs)") }
        let shard = try badInput { () throws(ComparisonInputError) in try self.shard.map { s throws(ComparisonInputError) in try Shard(parsing: s) } }
        let common = try parseOverrides(overrides)
        var arms = [ComparisonVariant(name: ComparisonVariant.baselineName, overrides: [])]
        for spec in variants {
            let variant = try badInput { () throws(ComparisonInputError) in try ComparisonVariant(parsing: spec) }
            if arms.contains(where: { $0.name == variant.name }) {
                throw KnsimFailure.badInput("--variant \(spec): another variant is already named \"\(variant.name)\"")
            }
            arms.append(variant)
        }
        // Every variant's scenario is loaded (and its overrides checked) before any run.
        var scenarios: [Scenario] = []
        for index in arms.indices {
            let loaded = try loadScenario(self.scenario, overrides: common + parseOverrides(arms[index].overrides))
            arms[index].seed = loaded.seed
            scenarios.append(loaded)
        }
        let plan = ComparisonPlan(scenario: scenarios[0].name, replications: replications, variants: arms,
                                  commonOverrides: overrides,
                                  metrics: ComparisonMetric.defaults(priced: scenarios.contains { $0.prices != nil }).map(\.name))
        let destination = URL(fileURLWithPath: out ?? "results/\(plan.scenario)/compare")
        let file = self.scenario
        let selected = plan.runs(in: shard)
        let prepared = scenarios
        let runs = try ParallelRuns.map(selected.count, jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount) { i in
            let index = selected[i]
            var scenario = prepared[plan.variantIndex(ofRun: index)]
            scenario.seed = plan.seed(ofRun: index)
            return RunMeasurement(index: index, plan: plan, summary: try runOnce(scenario, file: file))
        }
        if let shard {
            let partial = ComparisonPartial(plan: plan, shard: shard, runs: runs)
            let path = destination.appendingPathComponent(ComparisonPartial.fileName(for: shard))
            do {
                try FileManager.default.createDirectory(at: destination, withIntermediateDirectories: true)
                try partial.encoded().write(to: path, options: .atomic)
            } catch {
                throw KnsimFailure.badInput("cannot write \(path.path): \(error.localizedDescription)")
            }
            print("shard \(shard): \(runs.count) of \(plan.runCount) runs written to \(path.path)")
            return
        }
        try writeComparison(ComparisonTable(plan: plan, runs: runs), to: destination)
    }
}

/// One simulation of a scenario, reduced to its summary. The single place that picks
/// the model: switch to `ScenarioSimulation.run(_:file:progress:)` here when it lands.
func runOnce(_ scenario: Scenario, file: String) throws -> Summary {
    try simulateSummary(scenario, file: file)
}

/// Writes comparison.csv and comparison.md (atomically) and prints the table: the
/// same for `compare` and `merge`.
func writeComparison(_ table: ComparisonTable, to destination: URL) throws {
    do {
        try AtomicDirectory.write(ComparisonFiles.files(table), to: destination)
    } catch let error as AtomicDirectory.WriteError {
        throw KnsimFailure.badInput(error.description)
    }
    print(ComparisonFiles.terminal(table), terminator: "")
    print("written to \(destination.path)")
}

func parseOverrides(_ texts: [String]) throws -> [ScenarioOverride] {
    var overrides: [ScenarioOverride] = []
    for text in texts {
        do { overrides.append(try ScenarioOverride(parsing: text)) } catch { throw KnsimFailure.badInput(error.description) }
    }
    return overrides
}

/// Runs `body`, turning a comparison input error into knsim's bad-input failure.
func badInput<T>(_ body: () throws(ComparisonInputError) -> T) throws -> T {
    do { return try body() } catch { throw KnsimFailure.badInput(error.message) }
}
