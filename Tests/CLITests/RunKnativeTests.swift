import Foundation
import Testing

/// `knsim run` on the Knative model, end to end through the CLI.
@Suite struct RunKnativeTests {
    static let scenario = "scenarios/scale-from-zero.yaml"

    func run(_ extra: [String] = [], into folder: URL) throws -> (outcome: KnsimProcess.Outcome, summary: Data, series: Data) {
        let outcome = try KnsimProcess.run(["run", Self.scenario, "--out", folder.path] + extra)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        return (outcome, try Data(contentsOf: folder.appendingPathComponent("summary.json")),
                try Data(contentsOf: folder.appendingPathComponent("timeseries.csv")))
    }

    @Test func scaleFromZeroRunsOnTheKnativeModel() throws {
        let root = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let (outcome, data, _) = try run(into: root.appendingPathComponent("r"))
        let summary = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(summary["model"] as? String == "knative")
        let coldStarts = try #require(summary["cold_starts"] as? Int)
        #expect(coldStarts >= 1)
        let coldStart = try #require(summary["cold_start"] as? [String: Any])
        #expect((coldStart["requests"] as? Int ?? 0) >= 1, "the bursts find the revision at zero")
        // Every request is accounted for.
        let requests = try #require(summary["requests"] as? [String: Int])
        let arrived = try #require(requests["arrived"])
        #expect(arrived > 0)
        #expect(arrived == requests["completed"]! + requests["failed"]! + requests["in_flight"]!)
        // The request path's phases are all reported.
        let breakdown = try #require(summary["breakdown"] as? [String: Any])
        for phase in ["ingress", "activator", "cold-start-wait", "queue-proxy", "service"] {
            #expect(breakdown[phase] != nil, "no \(phase) in the breakdown")
        }
        // The terminal summary names the model, the cold starts and the breakdown.
        #expect(outcome.stdout.contains("knative model"))
        #expect(outcome.stdout.contains("\(coldStarts) pods started"))
        #expect(outcome.stdout.contains("mean ingress"))
    }

    @Test func sameSeedGivesByteIdenticalResults() throws {
        let root = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let first = try run(into: root.appendingPathComponent("a"))
        let second = try run(into: root.appendingPathComponent("b"))
        #expect(first.summary == second.summary)
        #expect(first.series == second.series)
        let other = try run(["--seed", "8"], into: root.appendingPathComponent("c"))
        #expect(other.summary != first.summary)
        #expect(other.series != first.series)
    }

    @Test func fixedPoolScenarioStillRunsOnTheFixedPoolModel() throws {
        let root = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try KnsimProcess.run(["run", "scenarios/hello.yaml", "--out", root.path + "/h"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let data = try Data(contentsOf: root.appendingPathComponent("h/summary.json"))
        let summary = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(summary?["model"] as? String == "fixed-pool")
        #expect(!outcome.stdout.contains("mean ingress"))
    }

    @Test func lintNamesEachShippedScenariosModel() throws {
        let folder = KnsimProcess.packageRoot.appendingPathComponent("scenarios")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { "scenarios/" + $0 }
        #expect(files.contains(Self.scenario))
        let outcome = try KnsimProcess.run(["lint"] + files)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for file in files {
            #expect(outcome.stdout.contains("ok: \(file) ("), "\(outcome.stdout)")
        }
        #expect(outcome.stdout.contains("ok: \(Self.scenario) (scale-from-zero, knative model)"))
    }

    @Test func lintReportsAnUnsupportedFieldAtItsLine() throws {
        let root = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("s.yaml").path
        try """
            name: s
            duration: 1m
            services:
              - name: web
                revisions:
                  - {name: web-1, service-time: 10ms}
            activator: {replicas: 2}
            workload:
              - {service: web, arrivals: {process: poisson, rate: 1}}

            """.write(toFile: file, atomically: true, encoding: .utf8)
        for arguments in [["lint", file], ["run", file, "--out", root.path + "/out"]] {
            let outcome = try KnsimProcess.run(arguments)
            #expect(outcome.status == 2)
            // Line 7, column 23: the value 2 of activator.replicas.
            #expect(outcome.stderr.hasPrefix("error: \(file):7:23: activator.replicas: a fixed number of activators is not supported by the Knative model yet"),
                    "\(outcome.stderr)")
        }
    }
}
