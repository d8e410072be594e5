import Engine
import Foundation
import Scenario
import Serving
import Testing
@testable import RealMode

/// Real runs on 127.0.0.1 with knsim-fn processes. Serialized: each checks that no
/// child process of this test process is left, which another run would confuse.
@Suite(.serialized) struct RealRunProcessTests {
    static let scenarioPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios/validation/scale-from-zero-small.yaml").path

    /// The validation scenario, cut to 12 s: the scale from zero, not the scale back down.
    static func configuration(seconds: Double = 12) throws -> KnativeModelConfiguration {
        let scenario = try ScenarioLoader.load(path: scenarioPath)
        var configuration = try scenario.knativeConfiguration(file: scenarioPath)
        configuration.duration = .seconds(seconds)
        return configuration
    }

    static var options: RealRunOptions {
        RealRunOptions(functionExecutable: PodCommand.locateKnsimFn(near: CommandLine.arguments[0]),
                       shutdownGraceSeconds: 1)
    }

    @Test func aShortRunScalesFromZeroAndAccountsForEveryRequest() async throws {
        let configuration = try Self.configuration()
        let planned = LoadPlan(configuration).requests.count
        let result = try await RealRunner.run(configuration, options: Self.options)
        #expect(result.outcomes.count == planned)
        let overall = result.report.overall
        #expect(overall.arrived == planned)
        #expect(overall.completed + overall.failed + overall.inFlight == overall.arrived)
        #expect(overall.completed > 0)
        // Started at zero pods: the first requests waited for a pod that the run started.
        #expect(result.report.coldStarts.requests >= 1)
        #expect(result.report.coldStarts.pods >= 1)
        #expect(result.pods.contains { $0.readyAt != nil })
        #expect(result.report.timeSeries.first?.podsReady == 0)
        #expect(result.report.timeSeries.contains { $0.podsReady >= 1 })
        #expect(Self.childFunctionProcesses().isEmpty)
    }

    @Test func aCancelledRunLeavesNoProcessBehind() async throws {
        let configuration = try Self.configuration()
        let options = Self.options
        let run = Task { try await RealRunner.run(configuration, options: options) }
        // Long enough for the first pod to be running (arrivals start at 2 s).
        try await Task.sleep(for: .seconds(4))
        run.cancel()
        await #expect(throws: CancellationError.self) { try await run.value }
        #expect(Self.childFunctionProcesses().isEmpty)
    }

    @Test func refusesAScenarioLongerThanTheBound() async throws {
        var options = Self.options
        options.maxDurationSeconds = 5
        await #expect(throws: RealRunError.self) { try await RealRunner.run(try Self.configuration(), options: options) }
    }

    /// knsim-fn processes whose parent is this test process (zombies included).
    static func childFunctionProcesses() -> [Int32] {
        let me = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let name = stat[stat.index(after: stat.firstIndex(of: "(")!)..<close]
            let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            return name == "knsim-fn" && fields.count > 1 && Int32(fields[1]) == me
        }.sorted()
    }
}
