import Foundation
import Testing

/// `knsim validate` on a 10 s cut of the validation scenario: both runs' files, the
/// comparison and the two pod series side by side, the acceptance criteria, and a
/// calibration fragment applied to the scenario.
@Suite struct RealValidateTests {
    /// A calibration fragment, as `knsim calibrate` writes it, with an ingress hop of a
    /// whole second: only the simulation has that hop (the real one is a real hop), so the
    /// simulated median moves up by 1 s and the latency criteria must fail.
    static let slowIngress = """
        # knsim calibrate (made up for the test)
        cluster:
          ingress:
            hop-latency: {distribution: constant, value: 1}
        startup:
          readiness-probe: {distribution: constant, value: 0.05}
        """

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
        let calibration = folder.appendingPathComponent("calibration.yaml")
        try Self.slowIngress.write(to: calibration, atomically: true, encoding: .utf8)

        let outcome = try KnsimProcess.run(["validate", scenario.path, "--out", out.path, "--calibration", calibration.path])
        // A failed criterion fails the command (exit 1), after every file is written.
        #expect(outcome.status == 1, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("FAIL latency_p50: |difference|"))
        // The others depend on the run (p95 is the cold requests' wait): printed, either way.
        for metric in ["cold_starts", "latency_p95", "pods_ready_mean_abs_error"] {
            #expect(outcome.stdout.contains("PASS \(metric)") || outcome.stdout.contains("FAIL \(metric)"))
        }
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
        // The calibration reached the simulation: its median pays the 1 s ingress hop.
        let p50 = try #require(metrics.first { $0[0] == "latency_p50" })
        #expect(try #require(Double(p50[1])) >= 1.0)
        #expect(try #require(Double(p50[2])) < 0.5)

        let pods = try String(contentsOf: out.appendingPathComponent("pods.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(pods.first == "time,simulated_pods,real_pods")
        // One row per second of the 10 s run, both series filled.
        #expect(pods.count == 11)
        #expect(pods.dropFirst().allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count == 3 })
        #expect(outcome.stdout.contains("metric"))
        #expect(outcome.stdout.contains("cold_starts"))
    }

    @Test(arguments: [
        ("missing.yaml", nil, "--calibration: cannot read"),
        ("bad.yaml", "cluster:\n  ingress hop-latency\n", "bad.yaml:2:3"),
        ("unknown.yaml", "cluster:\n  ingres:\n    hop-latency: 1ms\n", "ingres"),
    ] as [(String, String?, String)])
    func aBadCalibrationFileIsBadInput(_ name: String, _ text: String?, _ message: String) throws {
        let folder = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(name)
        if let text { try text.write(to: file, atomically: true, encoding: .utf8) }
        let scenario = KnsimProcess.packageRoot.appendingPathComponent("scenarios/validation/scale-from-zero-small.yaml")
        for command in ["validate", "real"] {
            let outcome = try KnsimProcess.run([command, scenario.path, "--calibration", file.path,
                                                "--out", folder.appendingPathComponent("out").path])
            #expect(outcome.status == 2, "\(command): \(outcome.stderr)")
            #expect(outcome.stderr.contains(message), "\(command): \(outcome.stderr)")
            #expect(outcome.stderr.split(separator: "\n").count == 1)
        }
    }
}
