import Foundation
import Testing

/// `knsim validate` on a 10 s cut of the validation scenario: both runs' files, the
/// comparison and the two pod series side by side.
@Suite struct RealValidateTests {
    @Test func validateWritesBothRunsTheComparisonAndThePodSeries() throws {
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = KnsimProcess.packageRoot.appendingPathComponent("scenarios/validation/scale-from-zero-small.yaml")
        let text = try String(contentsOf: source, encoding: .utf8)
            .replacingOccurrences(of: "duration: 30s", with: "duration: 10s")
            .replacingOccurrences(of: "{at: 18s, rate: 0}", with: "{at: 8s, rate: 0}")
            .replacingOccurrences(of: "$schema=../../docs", with: "$schema=docs")
        let scenario = folder.appendingPathComponent("short.yaml")
        try text.write(to: scenario, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")

        let outcome = try KnsimProcess.run(["validate", scenario.path, "--out", out.path])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for run in ["simulated", "real"] {
            for file in ["summary.json", "timeseries.csv", "latency.csv"] {
                #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("\(run)/\(file)").path))
            }
        }
        let real = try String(contentsOf: out.appendingPathComponent("real/summary.json"), encoding: .utf8)
        #expect(real.contains("\"mode\" : \"real\""))
        #expect(real.contains("\"latency_cold\""))
        let simulated = try String(contentsOf: out.appendingPathComponent("simulated/summary.json"), encoding: .utf8)
        #expect(simulated.contains("\"mode\" : \"simulation\""))

        let comparison = try String(contentsOf: out.appendingPathComponent("comparison.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(comparison.first == "metric,simulated,real,difference")
        let metrics = comparison.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(metrics.allSatisfy { $0.count == 4 })
        let names = Set(metrics.map { String($0[0]) })
        for name in ["cold_starts", "latency_p50", "latency_p95", "latency_p99", "failures_total", "pods_mean", "pods_max"] {
            #expect(names.contains(name), "missing \(name)")
        }
        #expect(names.contains("latency_cold_p50"))

        let pods = try String(contentsOf: out.appendingPathComponent("pods.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(pods.first == "time,simulated_pods,real_pods")
        // One row per second of the 10 s run, both series filled.
        #expect(pods.count == 11)
        #expect(pods.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 3 })
        #expect(outcome.stdout.contains("metric"))
        #expect(outcome.stdout.contains("cold_starts"))
    }
}
