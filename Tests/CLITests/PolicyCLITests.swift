import Foundation
import Testing

/// Policies chosen in the scenario (`policy: {kind: ...}`, the class annotation), through
/// the real binary: `knsim compare` across policies, an external Python policy driving a
/// simulated run, and a policy program that fails.
@Suite struct PolicyCLITests {
    static let hpa = #"hpa:services[0].revisions[0].annotations["autoscaling.knative.dev/class"]=hpa.autoscaling.knative.dev,"#
        + #"services[0].revisions[0].annotations["autoscaling.knative.dev/metric"]=concurrency"#
    static let hybrid = "hybrid:services[0].revisions[0].policy={kind: hybrid-histogram}"
    static let metrics = ["cold_starts", "latency.p50", "latency.p95", "latency.p99", "failures.total", "pods.integral"]

    static let pythonAvailable: Bool = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").contains { FileManager.default.isExecutableFile(atPath: "\($0)/python3") }
    }()

    @Test func compareAcrossPoliciesPrintsCIsAndOneCSVRowPerPolicyAndMetric() throws {
        let root = try KnsimProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let outcome = try KnsimProcess.run([
            "compare", "scenarios/policy-comparison.yaml",
            "--replications", "2", "--variant", Self.hpa, "--variant", Self.hybrid,
            "--out", root.appendingPathComponent("c").path,
        ])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let lines = outcome.stdout.split(separator: "\n")
        #expect(lines.first?.hasSuffix("3 variants × 2 replications, mean ± 95% CI") == true)
        #expect(lines.dropFirst().first?.split(separator: " ") == ["metric", "baseline", "hpa", "hybrid"])
        let pods = try #require(lines.first { $0.hasPrefix("pod-seconds ") })
        #expect(pods.components(separatedBy: " ± ").count == 4, "\(pods)")

        let csv = String(decoding: try Data(contentsOf: root.appendingPathComponent("c/comparison.csv")), as: UTF8.self)
        let rows = csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(rows.first == ["variant", "metric", "mean", "half_width", "lower", "upper", "replications"])
        #expect(rows.dropFirst().map { $0[0] + " " + $0[1] }
                == ["baseline", "hpa", "hybrid"].flatMap { v in Self.metrics.map { v + " " + $0 } })
        // The HPA never scales to zero: its one pod, started in the warm-up, serves the
        // 90 minutes after it, in both replications.
        #expect(rows.contains(["hpa", "cold_starts", "0", "0", "0", "0", "2"]))
        #expect(rows.contains(["hpa", "pods.integral", "5400", "0", "5400", "5400", "2"]))
        // The policies differ: the KPA starts pods for the bursts, the HPA does not.
        let kpaCold = try #require(rows.first { $0[0] == "baseline" && $0[1] == "cold_starts" })
        #expect(try #require(Double(kpaCold[2])) > 0)
    }

    static func scenario(policy: String) -> String {
        """
        name: external-policy
        seed: 3
        duration: 4m
        services:
          - name: fn
            revisions:
              - name: fn-1
                service-time: {distribution: constant, value: 400ms}
                policy: \(policy)
        workload:
          - service: fn
            arrivals: {process: schedule, segments: [{at: 30s, rate: 8}, {at: 2m, rate: 0}]}

        """
    }

    func run(policy: String) throws -> (outcome: KnsimProcess.Outcome, folder: URL) {
        let folder = try KnsimProcess.temporaryDirectory()
        let file = folder.appendingPathComponent("s.yaml")
        try Self.scenario(policy: policy).write(to: file, atomically: true, encoding: .utf8)
        let outcome = try KnsimProcess.run(["run", file.path, "--out", folder.appendingPathComponent("out").path])
        return (outcome, folder)
    }

    @Test(.enabled(if: pythonAvailable, "python3 not found in PATH"))
    func aPythonPolicyDrivesASimulatedRunEndToEnd() throws {
        let policy = #"{kind: external, command: "python3 examples/policies/target_tracking.py --target 1 --window 6"}"#
        let (first, a) = try run(policy: policy)
        defer { try? FileManager.default.removeItem(at: a) }
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains(" 0 failed"), "\(first.stdout)")
        let series = String(decoding: try Data(contentsOf: a.appendingPathComponent("out/timeseries.csv")), as: UTF8.self)
        let header = try #require(series.split(separator: "\n").first).split(separator: ",").map(String.init)
        let desired = try #require(header.firstIndex(of: "desired_pods"))
        let peak = series.split(separator: "\n").dropFirst()
            .compactMap { Int($0.split(separator: ",", omittingEmptySubsequences: false)[desired]) }.max()
        // 8 req/s × 0.4 s = 3.2 in flight at target 1 per pod: the program scaled out.
        // (container-concurrency 0: the example answers excess burst capacity 0, which
        // takes the activator out of the path, so with a limit of 1 a pod's queue-proxy
        // would overflow in bursts.)
        #expect((peak ?? 0) >= 4, "peak desired pods \(peak ?? -1)")
        // Deterministic: a second run writes the same bytes.
        let (second, b) = try run(policy: policy)
        defer { try? FileManager.default.removeItem(at: b) }
        #expect(second.status == 0)
        #expect(try Data(contentsOf: a.appendingPathComponent("out/summary.json"))
                == Data(contentsOf: b.appendingPathComponent("out/summary.json")))
    }

    @Test(arguments: [
        (#"{kind: external, command: "/nonexistent/policy --x"}"#,
         #"services[0].revisions[0].policy: policy program "/nonexistent/policy --x": cannot start: command not found"#),
        ("{kind: external}", "services[0].revisions[0].policy.command: is required"),
        (#"{kind: external, command: "p", decision-interval: 1500ms}"#,
         "services[0].revisions[0].policy.decision-interval: must be whole seconds, at least 1s"),
    ])
    func aBadPolicyExitsTwoWithOneLine(policy: String, message: String) throws {
        let (outcome, folder) = try run(policy: policy)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(outcome.status == 2)
        #expect(outcome.stderr.split(separator: "\n").count == 1, "\(outcome.stderr)")
        #expect(outcome.stderr.contains(message), "\(outcome.stderr)")
    }
}
