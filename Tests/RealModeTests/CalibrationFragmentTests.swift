import Engine
import Foundation
import Scenario
import Serving
import Testing
@testable import RealMode

/// `knsim calibrate`'s fragment read back as overrides: what the calibrator wrote is
/// what the scenario then holds, for every revision.
@Suite struct CalibrationFragmentTests {
    static let calibration = Calibration(
        processStart: [0.012, 0.015, 0.014, 0.020], spawnToReady: [0.05, 0.06], readinessProbe: [0.030, 0.041, 0.035],
        hop: [0.0011, 0.0019, 0.0014, 0.0016], probePeriod: .milliseconds(50), fastProbePeriod: .milliseconds(1))

    static let twoServices = """
        name: two
        duration: 10s
        services:
          - name: a
            revisions:
              - {name: a-1, traffic: 50, service-time: 10ms}
              - {name: a-2, traffic: 50, service-time: 10ms, startup: {application-init: 300ms}}
          - name: b
            revisions:
              - {name: b-1, service-time: 10ms}
        workload:
          - {service: a, arrivals: {process: poisson, rate: 1}}
        """

    @Test func theFragmentReadsBackAsSettings() throws {
        let settings = try CalibrationFragment.settings(in: Self.calibration.fragment(comment: ["a comment"]), file: "c.yaml")
        #expect(settings.map { $0.path.joined(separator: ".") } == [
            "cluster.ingress.hop-latency", "cluster.queue-proxy.hop-latency", "activator.hop-latency",
            "mesh.hop-latency", "startup.user-container-start", "startup.readiness-probe",
        ])
        #expect(settings[0].value == Calibration.yaml(Self.calibration.hopLatencyFit))
    }

    @Test func everyRevisionGetsTheMeasuredStartupAndEveryHopTheMeasuredLatency() throws {
        let base = try ScenarioLoader.parse(yaml: Self.twoServices, file: "two.yaml", baseDirectory: "/")
        let overrides = try CalibrationFragment.overrides(in: Self.calibration.fragment(), file: "c.yaml", for: base)
        #expect(overrides.count == 4 + 2 * 3)
        let scenario = try ScenarioLoader.parse(yaml: Self.twoServices, file: "two.yaml", baseDirectory: "/", overrides: overrides)
        let configuration = try scenario.knativeConfiguration(file: "two.yaml")
        let hop = Self.calibration.hopLatencyFit
        #expect(configuration.ingress.hopLatency == hop)
        #expect(configuration.activator.hopLatency == hop)
        #expect(configuration.queueProxy.hopLatency == hop)
        #expect(configuration.mesh.hopLatency == hop)
        let revisions = configuration.services.flatMap(\.revisions)
        #expect(revisions.count == 3)
        for revision in revisions {
            #expect(revision.startup.userContainerStart == Self.calibration.userContainerStartFit)
            #expect(revision.startup.readinessProbe == Self.calibration.readinessProbeFit)
        }
        // The phases the fragment does not name keep the scenario's own.
        #expect(revisions[1].startup.applicationInit == .constant(0.3))
    }

    @Test func aLineThatIsNotKeyValueIsReportedAtItsLine() {
        #expect {
            _ = try CalibrationFragment.settings(in: "# c\ncluster:\n  just words\n", file: "bad.yaml")
        } throws: { error in
            (error as? ScenarioError).map { $0.line == 3 && $0.description.contains("bad.yaml") } ?? false
        }
    }
}
