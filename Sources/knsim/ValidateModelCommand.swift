import ArgumentParser
import Foundation
import Results
import Scenario

struct ValidateModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate-model",
        abstract: "Check the simulator against known answers (queueing theory, the keep-alive model, Little's law).",
        discussion: """
            Prints quantity, theory, simulation (mean over replications), 95% CI and pass: \
            Erlang C mean wait and P(wait) for a fixed pool (M/M/4, ρ=0.8), M/M/2/5 blocking \
            with a bounded queue, the keep-alive policy's mean instance count and cold-start \
            probability against Mahmoudi & Khazaei's steady-state model (IEEE TCC 2020; an \
            approximation, so those rows state their tolerance), and Little's law for every \
            scenario given (default: scenarios/*.yaml). A row passes when theory is inside \
            the interval or within its tolerance (1% unless the row says otherwise) of the \
            estimate. Exits 1 if a row fails.
            """
    )

    @Argument(help: "Scenarios for the Little's-law rows (default: scenarios/*.yaml).")
    var scenarios: [String] = []

    @Option(help: "Independent replications per row (seeds 1…R for the queueing rows).")
    var replications: Int = 10

    @Option(help: "Requests per replication for the fixed-pool queueing rows (the keep-alive rows have fixed sizes).")
    var requests: Int = 200_000

    func validate() throws {
        guard replications >= 2 else { throw ValidationError("--replications must be at least 2 (an interval needs spread)") }
        guard requests >= 1000 else { throw ValidationError("--requests must be at least 1000") }
    }

    func run() throws {
        var checks = ModelValidation.standardChecks(requestsPerReplication: Double(requests))
        for file in try scenarioFiles() {
            checks.append(LittlesLawCheck(scenario: try loadScenario(file), file: file, run: runOnce))
        }
        let rows = try ModelValidation.run(checks, replications: replications)
        print(ValidationTable.render(rows))
        let failed = rows.filter { !$0.passed }.count
        print("\(rows.count) rows, \(failed) failed (\(replications) replications each)")
        if failed > 0 { throw ExitCode(ExitStatus.expectationsFailed.rawValue) }
    }

    func scenarioFiles() throws -> [String] {
        guard scenarios.isEmpty else { return scenarios }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "scenarios")) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { "scenarios/" + $0 }
    }
}
