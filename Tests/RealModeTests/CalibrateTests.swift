import Engine
import Foundation
import Scenario
import Serving
import Testing
@testable import RealMode

@Suite(.serialized) struct CalibrateTests {
    @Test func aFewSamplesGiveAFragmentTheScenarioLoaderReads() async throws {
        let calibration = try await withClient { client in
            try await Calibrator(knsimFn: KnsimFnBinary.path, samples: 3, hopRequestsPerSample: 3).run(client: client)
        }
        #expect(calibration.processStart.count == 3)
        #expect(calibration.spawnToReady.count == 3)
        #expect(calibration.hop.count == 9)
        #expect(calibration.processStart.allSatisfy { $0 > 0 && $0 < 10 })
        let fragment = calibration.fragment(comment: ["test"])
        // The fragment's top-level sections as they are, its startup block under a revision.
        let lines = fragment.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let startupAt = try #require(lines.firstIndex(of: "startup:"))
        let sections = lines[..<startupAt].joined(separator: "\n")
        let startup = lines[(startupAt + 1)...].filter { !$0.isEmpty }.map { "        " + $0 }.joined(separator: "\n")
        let yaml = """
        \(sections)
        name: calibrated
        duration: 10s
        services:
          - name: fn
            revisions:
              - name: fn-00001
                service-time: 10ms
                startup:
        \(startup)
        workload:
          - service: fn
            arrivals: {process: poisson, rate: 1}
        """
        let configuration = try ScenarioLoader.parse(yaml: yaml, file: "calibrated.yaml", baseDirectory: ".")
            .knativeConfiguration(file: "calibrated.yaml")
        #expect(configuration.services[0].revisions[0].startup.userContainerStart == calibration.userContainerStartFit)
        #expect(configuration.services[0].revisions[0].startup.readinessProbe == calibration.readinessProbeFit)
        #expect(configuration.ingress.hopLatency == calibration.hopLatencyFit)
        #expect(configuration.queueProxy.hopLatency == calibration.hopLatencyFit)
        #expect(configuration.activator.hopLatency == calibration.hopLatencyFit)
        #expect(configuration.mesh.hopLatency == calibration.hopLatencyFit)
    }

    @Test(arguments: [
        ([0.01, 0.01, 0.01], Distribution.constant(0.01)),
        ([0.02], .constant(0.02)),
        ([exp(-1.0), exp(1.0)], .lognormal(mu: 0, sigma: 2.0.squareRoot())),
    ])
    func fitsAreLognormalByLogMomentsOrConstant(samples: [Double], expected: Distribution) {
        let fit = Calibration.fit(samples)
        switch (fit, expected) {
        case (.lognormal(let mu, let sigma), .lognormal(let emu, let esigma)):
            #expect(abs(mu - emu) < 1e-12 && abs(sigma - esigma) < 1e-12)
        case (.constant(let v), .constant(let e)):
            #expect(abs(v - e) < 1e-12)
        default:
            Issue.record("fit \(fit), expected \(expected)")
        }
    }
}
