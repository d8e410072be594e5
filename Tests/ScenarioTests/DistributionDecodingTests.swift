import Engine
import Foundation
import Testing
@testable import Scenario

/// Distributions are decoded through a whole scenario, as users write them.
struct DistributionDecodingTests {
    static func scenario(serviceTime: String) -> String {
        """
        name: d
        duration: 1m
        services:
          - name: s
            revisions:
              - service-time: \(serviceTime)
        workload:
          - {service: s, arrivals: {process: poisson, rate: 1}}
        """
    }

    static func decode(_ serviceTime: String, baseDirectory: String = "/nowhere") throws(ScenarioError) -> Distribution {
        try ScenarioLoader.parse(yaml: scenario(serviceTime: serviceTime), file: "d.yaml", baseDirectory: baseDirectory)
            .services[0].revisions[0].serviceTime
    }

    static let forms: [(yaml: String, expected: Distribution)] = [
        ("50ms", .constant(0.05)),
        ("0.2", .constant(0.2)),
        ("1m30s", .constant(90)),
        ("{distribution: constant, value: 2s}", .constant(2)),
        ("{distribution: uniform, min: 10ms, max: 30ms}", .uniform(low: 0.01, high: 0.03)),
        ("{distribution: exponential, mean: 100ms}", .exponential(mean: 0.1)),
        ("{distribution: exponential, rate: 4}", .exponential(mean: 0.25)),
        ("{distribution: normal, mean: 1s, stddev: 200ms}", .truncatedNormal(mean: 1, stddev: 0.2)),
        ("{distribution: lognormal, mu: -2.5, sigma: 0.5}", .lognormal(mu: -2.5, sigma: 0.5)),
        ("{distribution: lognormal, mean: 200ms, stddev: 100ms}", try! .lognormal(mean: 0.2, stddev: 0.1)),
        ("{distribution: lognormal, median: 80ms, p99: 400ms}", try! .lognormal(median: 0.08, p99: 0.4)),
        ("{distribution: gamma, shape: 2, scale: 50ms}", .gamma(shape: 2, scale: 0.05)),
        ("{distribution: gamma, shape: 4, mean: 1s}", .gamma(shape: 4, scale: 0.25)),
        ("{distribution: weibull, shape: 1.5, scale: 2s}", .weibull(shape: 1.5, scale: 2)),
        ("{distribution: pareto, shape: 3, scale: 10ms}", .pareto(shape: 3, scale: 0.01)),
        ("{distribution: empirical, values: [3s, 1s, 2]}", try! .empirical(values: [1, 2, 3])),
    ]

    @Test(arguments: forms)
    func decodesEachForm(yaml: String, expected: Distribution) throws {
        #expect(try Self.decode(yaml) == expected)
    }

    static let errors: [(yaml: String, expected: String)] = [
        ("fast", #"d.yaml:6:23: services[0].revisions[0].service-time: must be a duration such as 250ms (a constant) or a mapping such as {distribution: exponential, mean: 100ms}, got "fast""#),
        ("5sec", #"d.yaml:6:23: services[0].revisions[0].service-time: unknown unit "sec" (use ns, us, ms, s, m or h), got "5sec""#),
        ("[1s, 2s]", "d.yaml:6:23: services[0].revisions[0].service-time: must be a duration or a mapping such as {distribution: exponential, mean: 100ms}, got a list"),
        ("{distribution: uniform, min: 1s}", "d.yaml:6:23: services[0].revisions[0].service-time.max: is required"),
        ("{distribution: exponential}", "d.yaml:6:23: services[0].revisions[0].service-time.mean: is required (exponential takes mean, or rate)"),
        ("{distribution: exponential, rate: 0}", #"d.yaml:6:57: services[0].revisions[0].service-time.rate: must be a number of events per second, greater than 0, got "0""#),
        ("{distribution: lognormal, mu: 1, p99: 1s}", "d.yaml:6:56: services[0].revisions[0].service-time.p99: cannot be combined with mu (lognormal takes mu and sigma, or mean and stddev, or median and p99)"),
        ("{distribution: lognormal, mean: 0s, stddev: 1s}", #"d.yaml:6:55: services[0].revisions[0].service-time.mean: must be greater than 0, got 0.0"#),
        ("{distribution: gamma, shape: 2}", "d.yaml:6:23: services[0].revisions[0].service-time.scale: is required"),
        ("{distribution: gamma, shape: 0, scale: 1s}", #"d.yaml:6:52: services[0].revisions[0].service-time.shape: must be a number greater than 0, got "0""#),
        ("{distribution: gamma, shape: 2, mean: 0}", #"d.yaml:6:61: services[0].revisions[0].service-time.mean: must be greater than 0, got "0""#),
        ("{distribution: weibull, shape: -1, scale: 1s}", "d.yaml:6:54: services[0].revisions[0].service-time.shape: must be greater than 0, got -1.0"),
        ("{distribution: normal, mean: 1s, stddev: -1s}", #"d.yaml:6:64: services[0].revisions[0].service-time.stddev: must not be negative, got "-1s""#),
        ("{distribution: empirical, values: []}", "d.yaml:6:57: services[0].revisions[0].service-time.values: must hold at least one sample"),
        ("{distribution: empirical, values: [1s, soon]}", #"d.yaml:6:62: services[0].revisions[0].service-time.values[1]: must be a duration such as 250ms, 30s or 1m30s, got "soon""#),
        ("{distribution: empirical, values: [1s], column: 2}", "d.yaml:6:71: services[0].revisions[0].service-time.column: only applies with file; values are listed inline"),
        ("{distribution: empirical, values: [1s], file: x.csv}", "d.yaml:6:63: services[0].revisions[0].service-time.file: cannot be combined with values (empirical takes values, or file)"),
        ("{distribution: Exponential, mean: 1s}", #"d.yaml:6:38: services[0].revisions[0].service-time.distribution: unknown distribution "Exponential"; did you mean "exponential"? (one of constant, uniform, exponential, normal, lognormal, gamma, weibull, pareto, empirical)"#),
    ]

    @Test(arguments: errors)
    func reportsBadParameters(yaml: String, expected: String) {
        #expect(throws: Never.self) { _ = Self.scenario(serviceTime: yaml) }
        do {
            let d = try Self.decode(yaml)
            Issue.record("decoded \(d)")
        } catch {
            #expect(error.description == expected)
        }
    }
}

/// Empirical distributions read from CSV files next to the scenario.
struct EmpiricalFileTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "knsim-scenario-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let files: [String: String] = [
            "plain.csv": "0.3\n0.1\n\n0.2\n",
            "header.csv": "latency_s\n0.3\n0.1\n",
            "units.csv": "# measured 2024\n12ms\n1.5s\n",
            "wide.csv": "app,latency,count\nfoo,0.5,3\nbar,0.25,4\n",
            "wide-noheader.csv": "foo,0.5\nbar,0.25\r\n",
            "bad.csv": "latency\n0.1\nfast\n",
            "empty.csv": "latency\n",
            "data/nested.csv": "1\n",
        ]
        try FileManager.default.createDirectory(atPath: folder + "/data", withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        }
    }

    func decode(_ serviceTime: String) throws(ScenarioError) -> Distribution {
        try DistributionDecodingTests.decode(serviceTime, baseDirectory: folder)
    }

    @Test func readsFilesRelativeToTheScenario() throws {
        #expect(try decode("{distribution: empirical, file: plain.csv}") == .empirical(values: [0.1, 0.2, 0.3]))
        #expect(try decode("{distribution: empirical, file: header.csv}") == .empirical(values: [0.1, 0.3]))
        #expect(try decode("{distribution: empirical, file: units.csv}") == .empirical(values: [0.012, 1.5]))
        #expect(try decode("{distribution: empirical, file: wide.csv, column: latency}") == .empirical(values: [0.25, 0.5]))
        #expect(try decode("{distribution: empirical, file: wide.csv, column: 3}") == .empirical(values: [3, 4]))
        #expect(try decode("{distribution: empirical, file: wide-noheader.csv, column: 2}") == .empirical(values: [0.25, 0.5]))
        #expect(try decode("{distribution: empirical, file: data/nested.csv}") == .empirical(values: [1]))
        #expect(try decode("{distribution: empirical, file: \(folder)/plain.csv}") == .empirical(values: [0.1, 0.2, 0.3]))
    }

    @Test func loadResolvesAgainstTheScenarioFolder() throws {
        let path = folder + "/s.yaml"
        try DistributionDecodingTests.scenario(serviceTime: "{distribution: empirical, file: plain.csv}")
            .write(toFile: path, atomically: true, encoding: .utf8)
        let scenario = try ScenarioLoader.load(path: path)
        #expect(scenario.services[0].revisions[0].serviceTime == (try .empirical(values: [0.1, 0.2, 0.3])))
    }

    @Test func reportsFileProblemsAtTheFileField() {
        let cases: [(String, String)] = [
            ("{distribution: empirical, file: missing.csv}",
             #"no such file: "missing.csv" (resolved to "\#(folder)/missing.csv")"#),
            ("{distribution: empirical, file: bad.csv}", #"bad.csv" line 3: "fast" is not a duration or number of seconds of 0 or more"#),
            ("{distribution: empirical, file: empty.csv}", #""empty.csv" holds no samples"#),
            ("{distribution: empirical, file: wide.csv}", #""wide.csv" has 3 columns; say which with column"#),
            ("{distribution: empirical, file: wide.csv, column: p99}", #""wide.csv" has no column named "p99" in its header line"#),
            ("{distribution: empirical, file: wide.csv, column: 7}", #""wide.csv" line 1 has no column 7"#),
            ("{distribution: empirical, file: data}", #"is a folder, not a CSV file: "data""#),
        ]
        for (yaml, message) in cases {
            do {
                _ = try decode(yaml)
                Issue.record("decoded \(yaml)")
            } catch {
                #expect(error.path == "services[0].revisions[0].service-time.file")
                #expect(error.line == 6)
                #expect(error.message.hasSuffix(message), "\(error.message)")
            }
        }
    }
}
