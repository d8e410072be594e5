import Foundation
import Results
import Scenario
import Testing

/// Expectation syntax, metric paths derived from the summary, seed aggregates,
/// baseline tolerances and JUnit escaping, as library calls.
@Suite struct CheckExpectationTests {
    static let catalog = MetricCatalog(revisions: ["hello-v1", "hello-v2"])

    static func parse(_ text: String) throws(ScenarioError) -> MetricExpectation {
        try MetricExpectation(parsing: Expectation(text: text, location: FilePosition(file: "s.yaml", line: 9, column: 5),
                                                   path: "expect[0]"), catalog: catalog)
    }

    static func error(_ text: String) -> String? {
        do { _ = try parse(text); return nil } catch { return error.description }
    }

    @Test(arguments: [
        ("latency.p99 < 2s", "latency.p99", MetricExpectation.Comparison.lessThan, 2.0, true),
        ("latency.p99<=150ms", "latency.p99", .lessOrEqual, 0.15, true),
        ("wait.mean > 500us", "wait.mean", .greaterThan, 0.0005, true),
        ("latency.max >= 1.5m", "latency.max", .greaterOrEqual, 90, true),
        ("latency.p50 < 0.25", "latency.p50", .lessThan, 0.25, true),
        ("cold_starts == 3", "cold_starts", .equal, 3, false),
        ("pods.max <= 10", "pods.max", .lessOrEqual, 10, false),
        ("failures.total == 0", "failures.total", .equal, 0, false),
        ("failures.by_reason.queue-full < 5", "failures.by_reason.queue-full", .lessThan, 5, false),
        ("littles_law.relative_error < 1%", "littles_law.relative_error", .lessThan, 0.01, false),
        ("revisions.hello-v2.latency.p95 < 1h", "revisions.hello-v2.latency.p95", .lessThan, 3600, true),
        ("breakdown.activator.p99 < 10ms", "breakdown.activator.p99", .lessThan, 0.01, true),
        ("cold_start.phases.image-pull.mean < 3s", "cold_start.phases.image-pull.mean", .lessThan, 3, true),
    ])
    func parsesMetricComparisonAndValue(text: String, metric: String, comparison: MetricExpectation.Comparison,
                                        value: Double, isSeconds: Bool) throws {
        let parsed = try Self.parse(text)
        #expect(parsed.metric == metric)
        #expect(parsed.comparison == comparison)
        #expect(abs(parsed.expected.value - value) < 1e-12)
        #expect(parsed.isSeconds == isSeconds)
        #expect(parsed.tolerance == nil)
        #expect(parsed.aggregate == .everySeed)
    }

    @Test func approximatelyTakesARelativeOrAbsoluteTolerance() throws {
        let relative = try Self.parse("latency.p99 ~ 2s ± 5%")
        #expect(relative.tolerance == .relative(0.05))
        #expect(relative.holds(for: 2.09) && relative.holds(for: 1.91) && !relative.holds(for: 2.11) && !relative.holds(for: 1.89))
        let absolute = try Self.parse("latency.p99 ~ 100ms +- 10ms")
        #expect(absolute.tolerance == .absolute(0.01))
        #expect(absolute.holds(for: 0.1099) && !absolute.holds(for: 0.111))
        let count = try Self.parse("pods.max ~ 4 ± 1")
        #expect(count.holds(for: 5) && !count.holds(for: 6))
    }

    @Test(arguments: [("p90", 0.9), ("p50", 0.5), ("p999", 0.999), ("median", 0.5)])
    func quantileOverSeeds(word: String, q: Double) throws {
        let parsed = try Self.parse("latency.p99 < 2s (\(word) over seeds)")
        #expect(parsed.aggregate == .quantile(q))
    }

    @Test func aggregatesOverSeedsInterpolateBetweenOrderStatistics() throws {
        let values = [5.0, 1.0, 4.0, 2.0, 3.0]
        let summaries = try values.enumerated().map { index, value in
            (seed: UInt64(index + 1), metrics: try SummaryMetrics(json: Data(#"{"pods": {"max": \#(value)}}"#.utf8)))
        }
        func outcome(_ text: String) throws -> ExpectationOutcome { ExpectationOutcome(try Self.parse(text), summaries: summaries) }
        #expect(try outcome("pods.max < 4.7 (p90 over seeds)").aggregated == 4.6)
        #expect(try outcome("pods.max < 4.7 (p90 over seeds)").passed)
        #expect(try outcome("pods.max < 4.5 (p90 over seeds)").passed == false)
        #expect(try outcome("pods.max == 3 (mean over seeds)").passed)
        #expect(try outcome("pods.max == 1 (min over seeds)").passed)
        #expect(try outcome("pods.max == 5 (max over seeds)").passed)
        let every = try outcome("pods.max < 5")
        #expect(!every.passed)
        #expect(every.failingSeeds == [1])
        #expect(try outcome("pods.max <= 5").passed)
        // A failure reason no run recorded reads 0.
        #expect(try outcome("failures.by_reason.pod-gone == 0").observed == [0, 0, 0, 0, 0])
    }

    @Test(arguments: [
        ("latency.p98 < 2s", "unknown metric \"latency.p98\"; valid metrics (closest first): latency.p90, latency.p95, latency.p99"),
        ("revisions.hello-v3.wait.mean < 1s", "valid metrics (closest first): revisions.hello-v1.wait.mean, revisions.hello-v2.wait.mean"),
        ("knsim_version == 1", "unknown metric \"knsim_version\""),
        ("latency < 2s", "unknown metric \"latency\""),
        ("< 2s", "has no metric"),
        ("latency.p99 2s", "has no comparison after latency.p99"),
        ("latency.p99 <", "has no value after the comparison"),
        ("latency.p99 < fast", "\"fast\" is not a value"),
        ("latency.p99 < 5%", "latency.p99 is a time; compare it with a duration"),
        ("cold_starts < 2s", "cold_starts is not a time"),
        ("latency.p99 ~ 2s", "\"~\" needs a tolerance"),
        ("latency.p99 ~ 2s ± lots", "tolerance \"lots\" is not a value"),
        ("pods.max ~ 4 ± 1s", "pods.max is not a time"),
        ("latency.p99 < 2s ± 5%", "a tolerance (±) goes only with \"~\""),
        ("latency.p99 < 2s (p90 of seeds)", "should read \"(p90 over seeds)\""),
        ("latency.p99 < 2s (fastest over seeds)", "use p50…p99, median, mean, min or max"),
    ])
    func rejectsWithALocatedMessage(text: String, message: String) {
        let description = Self.error(text)
        #expect(description?.hasPrefix("s.yaml:9:5: expect[0]: ") == true, "\(description ?? "accepted")")
        #expect(description?.contains(message) == true, "\(description ?? "accepted")")
    }

    @Test func unknownMetricListsEveryValidPath() {
        let description = Self.error("pods.maxx < 3") ?? ""
        for path in Self.catalog.paths {
            #expect(description.contains(path), "\(path) missing from the list")
        }
        #expect(description.contains("valid metrics (closest first): pods.max, "))
    }

    @Test func metricPathsComeFromTheSummaryItself() throws {
        // Every numeric field of a real summary.json is a valid metric, and nothing else is.
        let golden = try Data(contentsOf: KnsimProcess.packageRoot.appendingPathComponent("results/hello/summary.json"))
        let real = try SummaryMetrics(json: golden)
        let catalog = MetricCatalog(revisions: ["hello-v1"])
        #expect(real.readings.count > 100)
        for reading in real.readings {
            let entry = catalog.entry(for: reading.path)
            #expect(entry != nil, "\(reading.path) is in summary.json but not a valid metric")
            #expect(entry?.isSeconds == reading.isSeconds, "\(reading.path)")
        }
        #expect(catalog.paths.contains("latency.p99") && catalog.paths.contains("revisions.hello-v1.latency.p95"))
        #expect(catalog.entry(for: "latency.p99")?.isSeconds == true)
        #expect(catalog.entry(for: "latency.count")?.isSeconds == false)
        #expect(catalog.entry(for: "scenario") == nil && catalog.entry(for: "mode") == nil)
        #expect(real["latency.p99"]?.value == 0.5798319018235567)
    }

    @Test func lintEntryPointChecksEveryExpectationOfAScenario() throws {
        let yaml = """
            name: hello
            duration: 1m
            services:
              - name: hello
                revisions:
                  - {name: hello-v1, service-time: 100ms, pool: {kind: fixed, pods: 1}}
            workload:
              - service: hello
                arrivals: {process: poisson, rate: 1}
            expect:
              - latency.p99 < 2s
              - revisions.hello-v1.cold_starts < 1
            """
        let scenario = try ScenarioLoader.parse(yaml: yaml, file: "lint.yaml", baseDirectory: ".")
        do {
            _ = try scenario.metricExpectations()
            Issue.record("an unknown metric was accepted")
        } catch {
            #expect(error.description.hasPrefix("lint.yaml:12:5: expect[1]: unknown metric \"revisions.hello-v1.cold_starts\""),
                    "\(error.description)")
        }
        var fixed = scenario
        fixed.expectations.removeLast()
        #expect(try fixed.metricExpectations().map(\.metric) == ["latency.p99"])
    }

    @Test(arguments: [
        ("5%", BaselineTolerances.Tolerance.relative(0.05)), ("50ms", .absolute(0.05)), ("2", .absolute(2)), ("ignore", .ignored),
    ])
    func toleranceSyntax(text: String, tolerance: BaselineTolerances.Tolerance) {
        #expect(BaselineTolerances.Tolerance(parsing: text) == tolerance)
    }

    @Test func baselineTolerancesLongestPrefixWins() {
        var tolerances = BaselineTolerances()
        #expect(tolerances.tolerance(for: "latency.p99") == .relative(0.05))
        #expect(tolerances.tolerance(for: "latency.max") == .relative(0.5))
        #expect(tolerances.tolerance(for: "events") == .ignored)
        let applied = ["10%", "latency=20%", "latency.p99=30ms", "latency=fast"].map { tolerances.apply($0) }
        #expect(applied == [true, true, true, false])
        #expect(tolerances.tolerance(for: "wait.p99") == .relative(0.1))
        #expect(tolerances.tolerance(for: "latency.p50") == .relative(0.2))
        #expect(tolerances.tolerance(for: "latency.p99") == .absolute(0.03))
        #expect(tolerances.tolerance(for: "latency_extra") == .relative(0.1), "a prefix is whole segments")
    }

    @Test func baselineComparisonFlagsChangesBeyondTolerance() throws {
        let baseline = try SummaryMetrics(json: Data(#"{"cold_starts": 0, "latency": {"p99": 1.0, "count": 5}, "gone": 1}"#.utf8))
        let run = try SummaryMetrics(json: Data(#"{"cold_starts": 1, "latency": {"p99": 1.04, "count": 5}, "new": 2}"#.utf8))
        let comparison = BaselineComparison(baseline: baseline, run: run)
        #expect(comparison.changes.map(\.metric) == ["cold_starts", "gone", "latency.count", "latency.p99", "new"])
        #expect(comparison.beyondTolerance.map(\.metric) == ["cold_starts", "gone"])
        #expect(comparison.changed.map(\.metric) == ["cold_starts", "gone", "latency.p99", "new"])
        let p99 = comparison.changes[3]
        #expect(abs(p99.absolute! - 0.04) < 1e-12 && abs(p99.relative! - 0.04) < 1e-12)
        #expect(comparison.changes[0].relative == nil, "from 0 has no relative change")
    }

    @Test func junitEscapesEverythingXMLNeeds() throws {
        let report = JUnitReport(suites: [.init(name: "a&b", file: "x\"y.yaml", cases: [
            .init(name: "latency.p99 < 2s & 'x' > \"y\"", className: "a&b", failure: "observed <1>\n\u{1}end", output: "ok"),
            .init(name: "pods.max == 4", className: "a&b", failure: nil, output: ""),
        ])])
        let parsed = try #require(JUnitCounter.parse(Data(report.xml.utf8)))
        #expect(parsed.rootAttributes["tests"] == "2" && parsed.rootAttributes["failures"] == "1")
        #expect(parsed.suites.first?["name"] == "a&b" && parsed.suites.first?["file"] == "x\"y.yaml")
        #expect(parsed.testcases.map { $0["name"] } == ["latency.p99 < 2s & 'x' > \"y\"", "pods.max == 4"])
        #expect(parsed.failures["latency.p99 < 2s & 'x' > \"y\""] == "observed <1>\nend")
    }

    @Test(arguments: [("2s", MetricQuantity.seconds(2)), ("150ms", .seconds(0.15)), ("3", .number(3)), ("5%", .ratio(0.05)),
                      ("100ns", .seconds(1e-7)), ("2µs", .seconds(2e-6)), ("1e3ms", .seconds(1)), ("-1", .number(-1))])
    func quantitiesWithUnits(text: String, quantity: MetricQuantity) {
        let parsed = MetricQuantity(parsing: text)
        #expect(parsed != nil && abs(parsed!.value - quantity.value) < 1e-15)
    }

    @Test(arguments: ["", "s", "2 parsecs", "2e", "fast", "nan", "inf"])
    func notQuantities(text: String) {
        #expect(MetricQuantity(parsing: text) == nil)
    }
}
