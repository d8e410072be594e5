import Engine
import Foundation
import Results
import Scenario
import Serving
import Testing

/// `knsim validate-model`'s suite: the formulas, the bounded queue it needs, and the
/// whole table passing (smaller runs than the command's defaults, to stay quick in
/// debug builds; CI runs it in release).
@Suite struct ValidateModelTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The runner `knsim run` uses today (the fixed pool).
    static let fixedPoolRunner: LittlesLawCheck.Runner = { scenario, file, seed in
        var scenario = scenario
        scenario.seed = seed
        var simulation = FixedPoolSimulation(try scenario.fixedPoolConfiguration(file: file))
        return Summary(report: simulation.run(), scenario: scenario.name, seed: seed, model: "fixed-pool")
    }

    @Test func everyRowPasses() throws {
        var checks = ModelValidation.standardChecks(requestsPerReplication: 50_000)
        let file = Self.packageRoot.appendingPathComponent("scenarios/hello.yaml").path
        checks.append(LittlesLawCheck(scenario: try ScenarioLoader.load(path: file), file: file, run: Self.fixedPoolRunner))
        let rows = try ModelValidation.run(checks, replications: 10)
        print(ValidationTable.render(rows))
        #expect(rows.map(\.quantity) == [
            "Erlang C mean wait (s), M/M/4 ρ=0.8", "Erlang C P(wait), M/M/4 ρ=0.8",
            "M/M/2/5 blocking P(K), ρ=0.9",
            "keep-alive mean instances, λ=0.9 (M&K approx., ±3%)", "keep-alive P(cold), λ=0.9 (M&K approx., ±20%)",
            "keep-alive mean instances, λ=10 (M&K approx., ±3%)", "keep-alive P(cold), λ=10 (M&K approx., ±35%)",
            "keep-alive mean instances, λ=100 (M&K approx., ±3%)",
            "Little's law L/(λW), hello",
        ])
        for row in rows {
            #expect(row.passed, "\(row.quantity): theory \(row.theory), simulation \(row.simulation), CI \(String(describing: row.interval))")
            #expect(row.interval?.count == 10)
            // Not a vacuous pass: the estimate is close to theory (within the row's own
            // tolerance when the formula is an approximation) and the interval is informative.
            let closeness = max(0.05, row.practicalTolerance)
            #expect(abs(row.simulation - row.theory) / row.theory < closeness)
            // Cold starts are rare (≈ 10^3 per row), so their interval is wider.
            let informative = row.quantity.contains("P(cold)") ? 0.1 : 0.05
            #expect((row.interval?.halfWidth ?? .infinity) / row.theory < informative)
        }
    }

    @Test func rowFailsWhenTheoryIsOutsideTheIntervalAndTheTolerance() {
        let wrong = ValidationRow(quantity: "x", theory: 1, replications: [1.10, 1.12, 1.09, 1.11])
        #expect(!wrong.passed)
        let inside = ValidationRow(quantity: "x", theory: 1, replications: [0.9, 1.1, 1.0, 0.95])
        #expect(inside.passed)
        let closeEnough = ValidationRow(quantity: "x", theory: 1, replications: [1.005, 1.0051, 1.0049])
        #expect(closeEnough.passed, "within the 1% practical tolerance")
        let table = ValidationTable.render([wrong, inside])
        #expect(table.hasPrefix("quantity  theory  simulation  95% CI"))
        #expect(table.contains("FAIL") && table.contains("PASS"))
    }

    @Test func formulasMatchTextbookValues() {
        // Erlang C agrees with the tests' own M/M/c helper.
        for (c, rho) in [(1, 0.5), (2, 0.5), (4, 0.8), (10, 0.95)] {
            let lambda = rho * Double(c) / 0.1
            let reference = MMcQueue(arrivalRate: lambda, meanService: 0.1, servers: c)
            #expect(abs(QueueingFormulas.erlangC(servers: c, offeredLoad: lambda * 0.1) - reference.probabilityOfWaiting) < 1e-12)
            #expect(abs(QueueingFormulas.mmcMeanWait(servers: c, arrivalRate: lambda, meanService: 0.1) - reference.meanWait) < 1e-12)
        }
        // M/M/1/K: ρ^K (1 − ρ) / (1 − ρ^(K+1)).
        for (rho, k) in [(0.5, 1), (0.9, 4), (1.5, 3)] {
            let expected = pow(rho, Double(k)) * (1 - rho) / (1 - pow(rho, Double(k + 1)))
            #expect(abs(QueueingFormulas.mmckBlocking(servers: 1, capacity: k, offeredLoad: rho) - expected) < 1e-12)
        }
        // M/M/c/c is Erlang B: B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2.
        #expect(abs(QueueingFormulas.mmckBlocking(servers: 2, capacity: 2, offeredLoad: 1) - 0.2) < 1e-12)
    }

    @Test(arguments: [0, 3])
    func boundedQueueTurnsArrivalsAwayAsQueueFull(capacity: Int) {
        let configuration = FixedPoolConfiguration(
            duration: .seconds(2000.0), warmup: .seconds(20.0), seed: 5,
            services: [.init(name: "s", revisions: [
                .init(name: "s-1", trafficPercent: 100, pods: 2, containerConcurrency: 1,
                      serviceTime: .exponential(mean: 0.1), queueCapacity: capacity),
            ], interarrival: .exponential(mean: 1 / 20.0))])
        var simulation = FixedPoolSimulation(configuration)
        let report = simulation.run()
        let overall = report.overall
        #expect(overall.arrived == overall.completed + overall.failed + overall.inFlight)
        #expect(overall.failuresByReason.keys.sorted() == ["queue-full"])
        #expect(overall.failed == overall.failuresByReason["queue-full"])
        let blocked = Double(overall.failed) / Double(overall.arrived)
        let theory = QueueingFormulas.mmckBlocking(servers: 2, capacity: 2 + capacity, offeredLoad: 2)
        #expect(abs(blocked - theory) < 0.02, "blocked \(blocked), theory \(theory)")
        // Never more in the system than pods + queue.
        #expect(report.timeSeries.allSatisfy { $0.inFlight <= 2 + capacity && $0.queued <= capacity })
        if capacity == 0 { #expect(overall.wait.max == 0, "with no queue nobody waits") }
    }
}
