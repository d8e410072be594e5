import Engine
import Foundation
import Scenario
import Serving
import Testing
import Workload
@testable import RealMode

func knativeConfiguration(_ yaml: String) throws -> KnativeModelConfiguration {
    try ScenarioLoader.parse(yaml: yaml, file: "test.yaml", baseDirectory: ".").knativeConfiguration(file: "test.yaml")
}

func scenario(arrivals: String, duration: String = "1s", serviceTime: String = "{distribution: exponential, mean: 50ms}",
              revisions: String? = nil) -> String {
    let revisionBlock = revisions ?? """
          - name: fn-00001
            service-time: \(serviceTime)
    """
    return """
    name: t
    seed: 11
    duration: \(duration)
    services:
      - name: fn
        revisions:
    \(revisionBlock)
    workload:
      - service: fn
        arrivals: \(arrivals)
    """
}

@Suite struct LoadPlanTests {
    @Test func deterministicArrivalsComeOneIntervalApartAndStopBeforeTheEnd() throws {
        let plan = LoadPlan(try knativeConfiguration(scenario(arrivals: "{process: deterministic, interval: 100ms}",
                                                              serviceTime: "{distribution: constant, value: 30ms}")))
        #expect(plan.requests.map(\.arrival) == (1...9).map { SimDuration.milliseconds(Int64($0) * 100) })
        #expect(plan.requests.allSatisfy { $0.serviceTime == .milliseconds(30) && $0.service == "fn" && $0.revision == 0 })
        #expect(plan.requests.map(\.index) == Array(0..<9))
        #expect(plan.revisionNames == ["fn-00001"])
    }

    @Test func arrivalsAndServiceTimesAreTheSimulationsNamedStreams() throws {
        let configuration = try knativeConfiguration(scenario(arrivals: "{process: poisson, rate: 50}", duration: "2s"))
        let plan = LoadPlan(configuration)
        let streams = RandomStreams(seed: 11)
        var arrivals = configuration.workloads[0].arrivals
        let arrivalStream = streams.stream(named: "arrivals/fn")
        var expected: [SimDuration] = []
        var now = SimTime.zero
        while let next = arrivals.nextArrival(after: now, using: arrivalStream), next < .zero + .wholeSeconds(2) {
            expected.append(next - .zero)
            now = next
        }
        #expect(plan.requests.map(\.arrival) == expected)
        #expect(expected.count > 50)
        let serviceStream = streams.stream(named: "service-time/fn-00001")
        let serviceTimes = expected.map { _ in Distribution.exponential(mean: 0.05).sampleDuration(using: serviceStream) }
        #expect(plan.requests.map(\.serviceTime) == serviceTimes)
        // Same seed, same plan.
        #expect(LoadPlan(configuration).requests == plan.requests)
    }

    @Test func aSplitServiceChoosesRevisionsByItsRoutingStream() throws {
        let revisions = """
              - name: fn-00001
                traffic: 80
                service-time: {distribution: constant, value: 10ms}
              - name: fn-00002
                traffic: 20
                service-time: {distribution: constant, value: 90ms}
        """
        let plan = LoadPlan(try knativeConfiguration(scenario(arrivals: "{process: poisson, rate: 400}", duration: "2s",
                                                              revisions: revisions)))
        let second = plan.requests.filter { $0.revision == 1 }
        #expect(second.allSatisfy { $0.serviceTime == .milliseconds(90) })
        #expect(plan.requests.filter { $0.revision == 0 }.allSatisfy { $0.serviceTime == .milliseconds(10) })
        let share = Double(second.count) / Double(plan.requests.count)
        #expect(share > 0.1 && share < 0.3)
    }
}

@Suite(.serialized) struct LoadGeneratorTests {
    /// The run's report, built as a real run builds it (no pods).
    static func report(_ result: LoadResult) -> RunReport {
        RealReportBuilder(revisionNames: result.plan.revisionNames, revisionServices: result.plan.revisionServices,
                          duration: result.plan.duration, warmup: result.plan.warmup)
            .report(outcomes: result.records.map(RealRequestOutcome.init), pods: [], seconds: [])
    }

    func smallPlan() throws -> LoadPlan {
        LoadPlan(try knativeConfiguration(scenario(arrivals: "{process: poisson, rate: 30}", duration: "1s",
                                                   serviceTime: "{distribution: constant, value: 50ms}")))
    }

    @Test func everyRequestToALivePodCompletesAndIsRecordedOnce() async throws {
        try await withClient { client in
            let pod = try await ProcessPod.launch(.knsimFn(executable: KnsimFnBinary.path), ports: PortAllocator())
            try await pod.waitUntilReady(client: client)
            let plan = try smallPlan()
            let result = await LoadGenerator(plan: plan, settings: LoadGeneratorSettings(target: pod.url + "/"),
                                             client: client).run()
            await pod.stop(grace: .seconds(5))
            #expect(plan.requests.count > 5)
            #expect(result.records.map(\.request) == plan.requests)
            #expect(result.completed == plan.requests.count)
            #expect(result.records.allSatisfy { $0.latency >= .milliseconds(50) && $0.sentAt >= $0.request.arrival })
            #expect(result.records.allSatisfy { !$0.cold })
            let report = Self.report(result)
            #expect(report.overall.arrived == plan.requests.count)
            #expect(report.overall.arrived == report.overall.completed + report.overall.failed + report.overall.inFlight)
        }
    }

    @Test func requestsToAClosedPortFailWithAReasonAndNoneIsLost() async throws {
        try await withClient { client in
            let closed = try PortAllocator().allocate()
            let plan = try smallPlan()
            let result = await LoadGenerator(plan: plan, settings: LoadGeneratorSettings(target: "http://127.0.0.1:\(closed)/"),
                                             client: client).run()
            #expect(result.records.count == plan.requests.count)
            #expect(result.failed == plan.requests.count)
            #expect(result.records.allSatisfy { $0.outcome == .failed(.connect($0.outcome.connectText)) })
            let report = Self.report(result)
            #expect(report.overall.failed + report.overall.inFlight == plan.requests.count)
            #expect(report.overall.failuresByReason["connection-failed"] == report.overall.failed)
        }
    }

    @Test func aPodKilledMidRequestIsAFailureWithAReason() async throws {
        try await withClient { client in
            let pod = try await ProcessPod.launch(.knsimFn(executable: KnsimFnBinary.path), ports: PortAllocator())
            try await pod.waitUntilReady(client: client)
            var plan = try smallPlan()
            plan.requests = [PlannedRequest(index: 0, workload: 0, service: "fn", revision: 0,
                                            arrival: .milliseconds(10), serviceTime: .seconds(5.0))]
            async let result = LoadGenerator(plan: plan, settings: LoadGeneratorSettings(target: pod.url + "/"),
                                             client: client).run()
            try await Task.sleep(for: .milliseconds(400))
            await pod.kill()
            let records = await result.records
            #expect(records.count == 1)
            #expect(records[0].outcome.failureReason == .connectionBroken)
        }
    }

    @Test func cancellingTheRunStopsSendingTheRemainingRequests() async throws {
        try await withClient { client in
            let closed = try PortAllocator().allocate()
            var plan = try smallPlan()
            // One request now, the rest long after the cancellation.
            plan.requests = (0..<20).map {
                PlannedRequest(index: $0, workload: 0, service: "fn", revision: 0,
                               arrival: $0 == 0 ? .milliseconds(1) : .seconds(30.0), serviceTime: .milliseconds(1))
            }
            let generator = LoadGenerator(plan: plan, settings: LoadGeneratorSettings(target: "http://127.0.0.1:\(closed)/"),
                                          client: client)
            let run = Task { await generator.run() }
            try await Task.sleep(for: .milliseconds(300))
            run.cancel()
            let result = await run.value
            #expect(result.records.map(\.request.index) == [0])
        }
    }

    @Test(arguments: [
        (RequestFailure.proxy(status: 503, reason: .activatorOverflow), FailureReason.activatorOverflow),
        (.status(502), .serverError), (.connect("refused"), .connectionFailed),
        (.timeout, .clientTimeout), (.transport("reset"), .connectionBroken),
    ])
    func failuresMapToSummaryReasons(failure: RequestFailure, reason: FailureReason) {
        #expect(failure.reason == reason)
    }
}

extension RequestOutcome {
    var connectText: String { if case .failed(.connect(let text)) = self { return text } else { return "" } }
    var failureReason: FailureReason? { if case .failed(let why) = self { return why.reason } else { return nil } }
}
