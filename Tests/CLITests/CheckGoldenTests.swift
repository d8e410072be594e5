import Foundation
import Testing

/// The golden results in results/<scenario name>/ must be what the code produces for
/// every scenario in scenarios/ at its own seed. When this fails after an intended
/// change to the simulation, run scripts/regenerate-golden.sh and commit the files.
@Suite struct CheckGoldenTests {
    /// Scenarios too slow for a test run, with the reason (printed when skipped).
    static let skipped: [String: String] = [:]

    static var scenarioFiles: [String] {
        let folder = KnsimProcess.packageRoot.appendingPathComponent("scenarios")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { "scenarios/" + $0 }
    }

    @Test func everyShippedScenarioHasGoldenResults() {
        #expect(!Self.scenarioFiles.isEmpty)
    }

    @Test(arguments: scenarioFiles)
    func goldenResultsAreUpToDate(scenario: String) throws {
        if let reason = Self.skipped[scenario] {
            print("skipping golden check of \(scenario): \(reason)")
            return
        }
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("run")
        let outcome = try KnsimProcess.run(["run", scenario, "--out", out.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")

        let summary = try Data(contentsOf: out.appendingPathComponent("summary.json"))
        let name = try #require((try JSONSerialization.jsonObject(with: summary) as? [String: Any])?["scenario"] as? String)
        let golden = KnsimProcess.packageRoot.appendingPathComponent("results").appendingPathComponent(name)
        // Every file the run wrote (pods_by_node.csv too, for the Knative model).
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files.contains("summary.json") && files.contains("timeseries.csv"))
        for file in files {
            let expected = try? Data(contentsOf: golden.appendingPathComponent(file))
            let actual = try Data(contentsOf: out.appendingPathComponent(file))
            #expect(expected == actual,
                    "results/\(name)/\(file) is not what \(scenario) produces now: run scripts/regenerate-golden.sh and commit")
        }
    }
}
