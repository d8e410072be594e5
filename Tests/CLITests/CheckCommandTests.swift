import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// `knsim check` from the outside: exit codes, the lines it prints, the JUnit file.
@Suite struct CheckCommandTests {
    static let holding = ["latency.p99 < 2s", "failures.total == 0", "pods.max >= 4",
                          "revisions.hello-v1.wait.mean ~ 56ms ± 20%", "littles_law.relative_error < 1%"]

    @Test func holdingExpectationsExitZero() throws {
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try CheckScenarioFixtures.write(CheckScenarioFixtures.scenario(expect: Self.holding), named: "ok.yaml", in: folder)
        let outcome = try KnsimProcess.run(["check", file])
        #expect(outcome.status == 0, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("PASS  latency.p99 < 2s  observed 579.8ms (seed 42)"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("5 checks, 0 failed"))
        #expect(!outcome.stdout.contains("FAIL"))
    }

    @Test func tightenedExpectationExitsOneNamingItAndTheObservedValue() throws {
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        var lines = Self.holding
        lines[0] = "latency.p99 < 500ms"
        let file = try CheckScenarioFixtures.write(CheckScenarioFixtures.scenario(expect: lines), named: "tight.yaml", in: folder)
        let outcome = try KnsimProcess.run(["check", file])
        #expect(outcome.status == 1, "\(outcome.stdout)\(outcome.stderr)")
        #expect(outcome.stdout.contains("FAIL  latency.p99 < 500ms  observed 579.8ms (seed 42)"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("5 checks, 1 failed"))
    }

    @Test func everySeedMustPassUnlessAnAggregateIsAskedFor() throws {
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Seed 42's mean wait is 56ms, seed 43's 69ms: ± 20% holds for 42 only.
        let every = try CheckScenarioFixtures.write(
            CheckScenarioFixtures.scenario(expect: ["wait.mean ~ 56ms ± 20%"]), named: "every.yaml", in: folder)
        let failing = try KnsimProcess.run(["check", every, "--seeds", "3"])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("fails for seed 43"), "\(failing.stdout)")

        let aggregate = try CheckScenarioFixtures.write(
            CheckScenarioFixtures.scenario(expect: ["wait.mean < 70ms (max over seeds)", "wait.mean < 60ms (min over seeds)",
                                                    "wait.mean > 60ms (median over seeds)"]),
            named: "aggregate.yaml", in: folder)
        let passing = try KnsimProcess.run(["check", aggregate, "--seeds", "3"])
        #expect(passing.status == 0, "\(passing.stdout)")
        #expect(passing.stdout.contains("over 3 seeds"))
    }

    @Test func junitReportCountsTestsAndFailures() throws {
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let a = try CheckScenarioFixtures.write(
            CheckScenarioFixtures.scenario(expect: ["latency.p99 < 500ms", "pods.max == 4", "cold_starts <= 0"], name: "alpha"),
            named: "a.yaml", in: folder)
        let b = try CheckScenarioFixtures.write(
            CheckScenarioFixtures.scenario(expect: ["requests.completed > 20000", "failures.total == 0"], name: "beta"),
            named: "b.yaml", in: folder)
        let junit = folder.appendingPathComponent("report.xml")
        let outcome = try KnsimProcess.run(["check", a, b, "--junit", junit.path])
        #expect(outcome.status == 1)

        let parsed = try #require(JUnitCounter.parse(try Data(contentsOf: junit)), "the report is not well-formed XML")
        #expect(parsed.rootAttributes["tests"] == "5")
        #expect(parsed.rootAttributes["failures"] == "2")
        #expect(parsed.suites.map { $0["name"] } == ["alpha", "beta"])
        #expect(parsed.suites.map { $0["tests"] } == ["3", "2"])
        #expect(parsed.suites.map { $0["failures"] } == ["1", "1"])
        #expect(parsed.testcases.count == 5)
        // Names keep their "<" and ">" through escaping.
        #expect(Set(parsed.failures.keys) == ["latency.p99 < 500ms", "requests.completed > 20000"])
        #expect(parsed.failures["latency.p99 < 500ms"]?.contains("observed 579.8ms (seed 42)") == true)
        #expect(parsed.failures["requests.completed > 20000"]?.contains("observed 17014") == true)
        // No temporary file left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["a.yaml", "b.yaml", "report.xml"])
    }

    @Test(arguments: [
        ("latency.p99x < 2s", "unknown metric \"latency.p99x\"; valid metrics (closest first): latency.p99, latency.p999"),
        ("revisions.hello-v2.latency.p95 < 1s", "unknown metric \"revisions.hello-v2.latency.p95\"; valid metrics (closest first): revisions.hello-v1.latency.p95"),
        ("pods.max < 2s", "pods.max is not a time"),
        ("latency.p99 ~ 2s", "\"~\" needs a tolerance"),
        ("latency.p99 < 2 parsecs", "is not a value"),
    ])
    func badExpectationsExitTwoAtTheirLine(line: String, message: String) throws {
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try CheckScenarioFixtures.write(CheckScenarioFixtures.scenario(expect: ["pods.max == 4", line]),
                                                   named: "bad.yaml", in: folder)
        let outcome = try KnsimProcess.run(["check", file])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.hasPrefix("error: \(file):17:5: expect[1]: "), "\(outcome.stderr)")
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(outcome.stdout.isEmpty, "nothing runs on bad input")
    }

    @Test func baselineBeyondToleranceFails() throws {
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The golden summary with p99 lowered 10%: the run looks 11% worse.
        let golden = try Data(contentsOf: KnsimProcess.packageRoot.appendingPathComponent("results/hello/summary.json"))
        var object = try #require(try JSONSerialization.jsonObject(with: golden) as? [String: Any])
        var latency = try #require(object["latency"] as? [String: Any])
        latency["p99"] = 0.9 * (latency["p99"] as! Double)
        object["latency"] = latency
        let baseline = folder.appendingPathComponent("golden/hello")
        try FileManager.default.createDirectory(at: baseline, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: object).write(to: baseline.appendingPathComponent("summary.json"))
        let root = folder.appendingPathComponent("golden").path

        let failing = try KnsimProcess.run(["check", "scenarios/hello.yaml", "--baseline", root])
        #expect(failing.status == 1, "\(failing.stdout)\(failing.stderr)")
        #expect(failing.stdout.contains("latency.p99  521.8ms → 579.8ms  +57.98ms (+11.11%)  BEYOND TOLERANCE (5%)"), "\(failing.stdout)")

        let loosened = try KnsimProcess.run(["check", "scenarios/hello.yaml", "--baseline", root, "--tolerance", "latency=15%"])
        #expect(loosened.status == 0, "\(loosened.stdout)")

        let golden0 = try KnsimProcess.run(["check", "scenarios/hello.yaml", "--baseline", "results"])
        #expect(golden0.status == 0, "\(golden0.stdout)")
        #expect(golden0.stdout.contains("0 of "))

        let missing = try KnsimProcess.run(["check", "scenarios/hello.yaml", "--baseline", folder.appendingPathComponent("none").path])
        #expect(missing.status == 2)
    }

    @Test func runWithBaselinePrintsEachChange() throws {
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcome = try KnsimProcess.run(["run", "scenarios/hello.yaml", "--seed", "43", "--out", folder.appendingPathComponent("r").path,
                                            "--baseline", "results/hello/summary.json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("baseline results/hello/summary.json: "))
        #expect(outcome.stdout.contains("  seed  42 → 43  +1 (+2.381%)"), "\(outcome.stdout)")
        #expect(outcome.stdout.contains("  latency.p99  579.8ms → 628.1ms  +48.29ms (+8.329%)"), "\(outcome.stdout)")
    }
}


/// hello.yaml with an `expect:` section, written to a temporary folder.
enum CheckScenarioFixtures {
    static func scenario(expect lines: [String], name: String = "hello") -> String {
        """
        name: \(name)
        seed: 42
        duration: 10m
        warmup: 1m
        services:
          - name: hello
            revisions:
              - name: hello-v1
                container-concurrency: 1
                service-time: {distribution: exponential, mean: 100ms}
                pool: {kind: fixed, pods: 4}
        workload:
          - service: hello
            arrivals: {process: poisson, rate: 32}
        expect:

        """ + lines.map { "  - \"\($0)\"\n" }.joined()
    }

    static func write(_ text: String, named file: String, in folder: URL) throws -> String {
        let url = folder.appendingPathComponent(file)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}

/// Counts a JUnit file's elements with Foundation's XMLParser (which rejects
/// malformed XML, so a parse is also a validity check).
final class JUnitCounter: NSObject, XMLParserDelegate {
    var rootAttributes: [String: String] = [:]
    var suites: [[String: String]] = []
    var testcases: [[String: String]] = []
    var failures: [String: String] = [:]   // testcase name → message
    private var currentCase: String?

    static func parse(_ data: Data) -> JUnitCounter? {
        let counter = JUnitCounter()
        let parser = XMLParser(data: data)
        parser.delegate = counter
        return parser.parse() ? counter : nil
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch element {
        case "testsuites": rootAttributes = attributes
        case "testsuite": suites.append(attributes)
        case "testcase":
            testcases.append(attributes)
            currentCase = attributes["name"]
        case "failure": if let currentCase { failures[currentCase] = attributes["message"] ?? "" }
        default: break
        }
    }
}
