import Foundation
import Scenario
import Serving
import Testing
@testable import RealMode

/// A pod's process killed mid-request during a real run. In the serialized process
/// suite: it looks for this test process's knsim-fn children.
extension RealRunProcessTests {
    /// The validation scenario with 2 s requests, cut to 10 s: the pod that starts at
    /// about 2.5 s holds several requests at once (4/s × 2 s) when it is killed. Its
    /// application init, 321 ms, marks its process (`--init-delay 0.321`) among the
    /// knsim-fn processes other suites start at the same time.
    static func crashConfiguration() throws -> KnativeModelConfiguration {
        let overrides = [try ScenarioOverride(path: "services[0].revisions[0].service-time", value: "2s"),
                         try ScenarioOverride(path: "services[0].revisions[0].startup.application-init", value: "321ms")]
        let scenario = try ScenarioLoader.load(path: scenarioPath, overrides: overrides)
        var configuration = try scenario.knativeConfiguration(file: scenarioPath)
        configuration.duration = .seconds(10.0)
        return configuration
    }

    @Test func aPodKilledMidRequestFailsItsRequestsWithAReason() async throws {
        let configuration = try Self.crashConfiguration()
        let planned = LoadPlan(configuration).requests.count
        let options = Self.options
        let run = Task { try await RealRunner.run(configuration, options: options) }

        // Wait for the pod's process, then let it get ready (321 ms) and take the
        // requests that waited for it before killing it.
        var victim: Int32?
        for _ in 0..<80 where victim == nil {
            try await Task.sleep(for: .milliseconds(100))
            victim = Self.childFunctionProcesses().first { pid in
                let arguments = (FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data())
                    .split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
                return arguments.contains("0.321")
            }
        }
        let pid = try #require(victim, "no knsim-fn pod started")
        try await Task.sleep(for: .milliseconds(1200))
        #expect(kill(pid, SIGKILL) == 0)

        let result = try await run.value
        // The report counts what ended by the scenario's end (later answers are in flight).
        let end = configuration.duration.nanoseconds
        let failed = result.outcomes.filter { $0.failure != nil && $0.finishedAt <= end }
        let killed = failed.filter { $0.failure == .podKilled }
        // The requests inside the process when it died came back as failures, each
        // with its reason, and the report counts them under it.
        #expect(killed.count >= 1)
        #expect(killed.allSatisfy { $0.finishedAt >= $0.arrivedAt })
        let overall = result.report.overall
        #expect(overall.failuresByReason[FailureReason.podKilled.name] == killed.count)
        #expect(overall.failed == failed.count)
        // Nothing lost: every planned request is completed, failed or in flight.
        #expect(result.outcomes.count == planned)
        #expect(overall.arrived == planned)
        #expect(overall.completed + overall.failed + overall.inFlight == overall.arrived)
        #expect(Self.childFunctionProcesses().isEmpty)
    }
}
