import ArgumentParser
import Foundation
import Results
import Scenario
import Serving

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run scenarios and check their expectations (for CI).",
        discussion: """
            Runs each scenario with N seeds (its seed, seed+1, …), prints one line per \
            expectation with the observed value(s), and exits 1 if any expectation fails, \
            0 if all pass, 2 on bad input. Every seed must pass unless the expectation ends \
            with an aggregate such as "(p90 over seeds)". With --baseline DIR, each \
            scenario's run at its own seed is also compared with DIR/<scenario>/summary.json \
            and fails on a change beyond tolerance (default 5%; 50% for min, max and p999; \
            events and seed not compared).
            """
    )

    @Argument(help: "Scenario files (YAML).")
    var scenarios: [String]

    @Option(help: "Seeds per scenario: the scenario's seed, seed+1, …")
    var seeds: Int = 1

    @Option(help: "Write a JUnit XML report to this file.")
    var junit: String?

    @Option(help: "A folder of golden results: <scenario name>/summary.json for each scenario.")
    var baseline: String?

    @Option(name: .customLong("tolerance"),
            help: "Baseline tolerance: 5% (the default for every metric), METRIC=10%, METRIC=50ms, METRIC=2 or METRIC=ignore. Repeatable.")
    var tolerances: [String] = []

    func validate() throws {
        guard !scenarios.isEmpty else { throw ValidationError("give at least one scenario file") }
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1") }
    }

    struct Input {
        var file: String
        var scenario: Scenario
        var expectations: [MetricExpectation]
        var baseline: SummaryMetrics?
        var baselinePath: String?
    }

    func run() throws {
        var tolerances = BaselineTolerances()
        for setting in self.tolerances where !tolerances.apply(setting) {
            throw KnsimFailure.badInput("--tolerance \(setting): write 5%, METRIC=10%, METRIC=50ms, METRIC=2 or METRIC=ignore")
        }
        // Everything is read and checked before anything runs: bad input exits 2 at once.
        let inputs = try scenarios.map { file in
            let scenario = try loadScenario(file)
            var input = Input(file: file, scenario: scenario, expectations: try parsedExpectations(scenario))
            if let baseline {
                let path = URL(fileURLWithPath: baseline).appendingPathComponent(scenario.name).appendingPathComponent("summary.json").path
                input.baseline = try readBaselineMetrics(path)
                input.baselinePath = path
            }
            return input
        }

        var report = JUnitReport()
        for input in inputs {
            report.suites.append(try check(input, tolerances: tolerances))
        }
        if let junit {
            do { try report.write(to: URL(fileURLWithPath: junit)) } catch {
                throw KnsimFailure.badInput("\(junit): cannot write the JUnit report: \((error as NSError).localizedDescription)")
            }
        }
        print("\(report.tests) checks, \(report.failures) failed")
        if report.failures > 0 { throw ExitCode(ExitStatus.expectationsFailed.rawValue) }
    }

    func check(_ input: Input, tolerances: BaselineTolerances) throws -> JUnitReport.Suite {
        let name = input.scenario.name
        let seedList = (0..<UInt64(seeds)).map { input.scenario.seed &+ $0 }
        print("\(name) (\(input.file)), seed\(seeds == 1 ? "" : "s") \(seedList.map(String.init).joined(separator: ", "))")
        let runs = try seedList.map { seed in (seed: seed, metrics: SummaryMetrics(try runOnce(input.scenario, file: input.file, seed: seed))) }

        var suite = JUnitReport.Suite(name: name, file: input.file, cases: [])
        for expectation in input.expectations {
            let outcome = ExpectationOutcome(expectation, summaries: runs)
            print("  " + outcome.line)
            let failure = outcome.passed ? nil
                : "\(expectation.source.location): \(expectation.source.text): \(outcome.observedText)"
            suite.cases.append(.init(name: expectation.source.text, className: name, failure: failure, output: outcome.observedText))
        }
        if let baseline = input.baseline, let path = input.baselinePath {
            // The golden results are at each scenario's own seed: the first run.
            let comparison = BaselineComparison(baseline: baseline, run: runs[0].metrics, tolerances: tolerances)
            let beyond = comparison.beyondTolerance
            let text = BaselineReport.render(comparison, against: path, onlyBeyondTolerance: true)
            print("  \(beyond.isEmpty ? "PASS" : "FAIL")  " + text.replacingOccurrences(of: "\n", with: "\n  "))
            suite.cases.append(.init(
                name: "baseline \(path)", className: name,
                failure: beyond.isEmpty ? nil : "\(beyond.count) metrics beyond tolerance: " + beyond.map(\.line).joined(separator: "; "),
                output: text))
        }
        if suite.cases.isEmpty { print("  (no expectations)") }
        return suite
    }
}

/// A scenario's expectations, parsed and checked against its summary's metric paths;
/// the first bad line is bad input (exit 2).
func parsedExpectations(_ scenario: Scenario) throws -> [MetricExpectation] {
    do { return try scenario.metricExpectations() } catch { throw KnsimFailure.badInput(error.description) }
}

/// Runs one scenario at one seed with the model `knsim run` uses and returns its
/// summary. (Today the fixed pool; `ScenarioSimulation.run` replaces the body.)
func runOnce(_ scenario: Scenario, file: String, seed: UInt64) throws -> Summary {
    var scenario = scenario
    scenario.seed = seed
    return try simulateSummary(scenario, file: file)
}
