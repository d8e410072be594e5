import CallPlanWire
import Engine
import Foundation
import Scenario
import Serving
import Testing
@testable import RealMode

/// A front service calling `back` (two revisions, 50/50) and `leaf`, with exponential
/// service times so that every draw is distinct. `calls`: the lines of its `calls:`
/// list, unindented.
func callScenario(calls: String) -> String {
    let list = calls.split(separator: "\n").map { "      " + $0 }.joined(separator: "\n")
    return """
    name: t
    seed: 5
    duration: 3s
    services:
      - name: front
        revisions:
          - name: front-1
            service-time: {distribution: exponential, mean: 20ms}
        calls:
    \(list)
      - name: back
        revisions:
          - name: back-a
            traffic: 50
            service-time: {distribution: exponential, mean: 10ms}
          - name: back-b
            traffic: 50
            service-time: {distribution: exponential, mean: 30ms}
      - name: leaf
        revisions:
          - name: leaf-1
            service-time: {distribution: exponential, mean: 15ms}
    workload:
      - service: front
        arrivals: {process: deterministic, interval: 500ms}
    """
}

@Suite struct CallPlanTests {
    @Test func thePlanAndTheRecordsSurviveTheirHeaders() throws {
        let plan = CallPlan(steps: [PlannedStep(at: 0.25, calls: [
            PlannedCall(service: "b", timeout: 1.5, expectedRevision: 2,
                        plan: CallPlan(steps: [], firstRevision: 1, times: [0.01, 0.02])),
        ])])
        #expect(CallPlan.decode(plan.encoded()) == plan)
        #expect(CallPlan.decode("{not json") == nil)
        let records = [CallRecord(caller: "a", callee: "b", revision: 2, offset: 5, latency: 7, failure: "call-timeout", cold: true)]
        #expect(CallRecord.decode(CallRecord.encode(records)) == records)
        // The callee's time follows the revision the ingress chose; the expected one is sent.
        let callee = plan.steps[0].calls[0]
        #expect(callee.plan.serviceTime(revision: 1) == 0.01)
        #expect(callee.plan.serviceTime(revision: 2) == 0.02)
        #expect(callee.plan.serviceTime(revision: 3) == nil)
        #expect(callee.plan.serviceTime(revision: nil) == nil)
        #expect(callee.expectedServiceTime == 0.02)
    }

    @Test func knsimFnAnswersWithTheSimulationsFailureNames() {
        #expect(FailureReason(name: CallPlanHeaders.callFailed) == .callFailed)
        #expect(FailureReason(name: CallPlanHeaders.callTimeout) == .callTimeout)
        #expect(FailureReason(name: CallPlanHeaders.connectionFailed) == .connectionFailed)
        #expect(FailureReason(name: CallPlanHeaders.serverError) == .serverError)
    }

    @Test func everyEntryCarriesItsCallTreeDrawnFromTheSimulationsStreams() throws {
        let configuration = try knativeConfiguration(callScenario(calls: """
            - {service: leaf, at: 40%, timeout: 2s}
            - {service: back, at: 10%}
            """))
        let plan = LoadPlan(configuration)
        #expect(plan.requests.count == 5)
        // Replay the streams in the planner's documented order: per entry, its routing
        // and service time, then each step's routing, then the callee's time.
        let streams = RandomStreams(seed: configuration.seed, kind: configuration.generator)
        let frontTime = streams.stream(named: "service-time/front-1")
        let routing = streams.stream(named: "routing/back")
        let backTimes = [streams.stream(named: "service-time/back-a"), streams.stream(named: "service-time/back-b")]
        let alternatives = [streams.stream(named: "real/alternative-service-time/back-a"),
                            streams.stream(named: "real/alternative-service-time/back-b")]
        let leafTime = streams.stream(named: "service-time/leaf-1")
        let split = TrafficSplit(revisions: [1, 2], percents: [50, 50])
        let backMeans = [0.010, 0.030]
        var expectedRevisions: Set<Int> = []
        for request in plan.requests {
            #expect(request.serviceTime == Distribution.exponential(mean: 0.020).sampleDuration(using: frontTime))
            let steps = try #require(request.calls).steps
            // Ordered by point: back at 10 %, then leaf at 40 % with its timeout.
            #expect(steps.map(\.at) == [0.1, 0.4])
            #expect(steps.map { $0.calls.map(\.service) } == [["back"], ["leaf"]])
            #expect(steps[1].calls[0].timeout == 2)
            #expect(steps[0].calls[0].timeout == nil)
            let back = steps[0].calls[0]
            let revision = split.choose(using: routing)
            #expect(back.expectedRevision == revision)
            expectedRevisions.insert(revision)
            #expect(back.plan.firstRevision == 1)
            let times = (0..<2).map { k in
                Distribution.exponential(mean: backMeans[k])
                    .sampleDuration(using: k + 1 == revision ? backTimes[k] : alternatives[k]).seconds
            }
            #expect(back.plan.times == times)
            #expect(back.expectedServiceTime == times[revision - 1])
            let leaf = steps[1].calls[0]
            #expect(leaf.expectedRevision == 3)
            #expect(leaf.plan.times == [Distribution.exponential(mean: 0.015).sampleDuration(using: leafTime).seconds])
            #expect(leaf.plan.steps.isEmpty)
        }
        // Both revisions of back come up in five draws of this seed, so both paths ran.
        #expect(expectedRevisions == [1, 2])
    }

    @Test(arguments: [
        // (calls, expected calls per step)
        ("- {service: leaf, count: 2}", [["leaf"], ["leaf"]]),
        ("- parallel: [{service: leaf, count: 2}, {service: back}]\n  at: 50%", [["leaf", "leaf", "back"]]),
        ("- {service: leaf, probability: 0}\n- {service: back, at: 90%}", [["back"]]),
    ])
    func countsExpandAndCallsDrawnAsNotMadeAreLeftOut(calls: String, expected: [[String]]) throws {
        let plan = LoadPlan(try knativeConfiguration(callScenario(calls: calls)))
        for request in plan.requests {
            #expect(request.calls?.steps.map { $0.calls.map(\.service) } == expected)
        }
    }

    @Test func aServiceWithoutCallsSendsNoPlan() throws {
        let plan = LoadPlan(try knativeConfiguration(scenario(arrivals: "{process: deterministic, interval: 100ms}")))
        #expect(plan.requests.allSatisfy { $0.calls == nil })
    }
}

/// The report builder files the calls the functions reported as the simulation does.
@Suite struct RealCallReportTests {
    @Test func callsLandOnTheirEdgesAndTheRevisionsTotalsAndMakeTheirEntryCold() throws {
        let configuration = try knativeConfiguration(callScenario(calls: """
            - {service: back, at: 10%}
            - {service: leaf, at: 50%, timeout: 1s}
            """))
        let builder = RealReportBuilder(revisionNames: ["front-1", "back-a", "back-b", "leaf-1"],
                                        revisionServices: ["front", "back", "back", "leaf"],
                                        duration: .seconds(3.0), warmup: .zero, services: configuration.services)
        let ms: Int64 = 1_000_000
        func call(_ callee: String, _ revision: Int, at offset: Int64, took latency: Int64, _ failure: String? = nil,
                  cold: Bool = false) -> CallRecord {
            CallRecord(caller: "front", callee: callee, revision: revision, offset: offset * ms,
                       latency: latency < 0 ? -1 : latency * ms, failure: failure, cold: cold)
        }
        let outcomes = [
            // Cold at back-b, then a warm leaf call.
            RealRequestOutcome(revision: 0, arrivedAt: 100 * ms, finishedAt: 900 * ms, failure: nil, cold: false,
                               serviceTime: 20 * ms,
                               calls: [call("back", 2, at: 2, took: 700, cold: true), call("leaf", 3, at: 710, took: 20)]),
            // back-a answers; the leaf call times out: the entry fails with call-timeout.
            RealRequestOutcome(revision: 0, arrivedAt: 1000 * ms, finishedAt: 2100 * ms, failure: .callTimeout, cold: false,
                               serviceTime: 20 * ms,
                               calls: [call("back", 1, at: 2, took: 30), call("leaf", 3, at: 40, took: 1000, "call-timeout")]),
            // Its back call is still running at the end of the run: in flight.
            RealRequestOutcome(revision: 0, arrivedAt: 2900 * ms, finishedAt: 3500 * ms, failure: nil, cold: false,
                               serviceTime: 20 * ms, calls: [call("back", 1, at: 2, took: 400)]),
        ]
        let report = builder.report(outcomes: outcomes, pods: [], seconds: [])
        let edges = Dictionary(uniqueKeysWithValues: report.edges.map { ($0.calleeRevision, $0) })
        #expect(report.edges.map(\.calleeRevision) == ["back-a", "back-b", "leaf-1"])
        #expect(edges["back-a"].map { [$0.sent, $0.completed, $0.failed, $0.inFlight] } == [2, 1, 0, 1])
        #expect(edges["back-b"].map { [$0.sent, $0.completed, $0.cold] } == [1, 1, 1])
        #expect(edges["leaf-1"].map { [$0.sent, $0.completed, $0.failed] } == [2, 1, 1])
        #expect(edges["leaf-1"]?.failuresByReason == ["call-timeout": 1])
        #expect(abs((edges["back-b"]?.latency.mean ?? 0) - 0.7) < 1e-9)
        // Entry paths: the first entry met back cold.
        #expect(report.entryPaths?.coldByService == ["front": 0, "back": 1, "leaf": 0])
        // The overall totals stay about entry requests; the calls count in their revisions.
        #expect(report.overall.arrived == 3)
        #expect(report.overall.failuresByReason == ["call-timeout": 1])
        let totals = Dictionary(uniqueKeysWithValues: report.revisions.map { ($0.name, $0.totals) })
        #expect(totals["back-a"].map { [$0.arrived, $0.completed, $0.inFlight] } == [2, 1, 1])
        // The timed-out leaf call's own end was never seen: in flight at leaf-1.
        #expect(totals["leaf-1"].map { [$0.arrived, $0.completed, $0.inFlight] } == [2, 1, 1])
        // The cold call makes its entry cold, and counts as a cold request.
        #expect(report.coldLatency.count == 1)
        #expect(report.coldStarts.requests == 1)
    }
}
