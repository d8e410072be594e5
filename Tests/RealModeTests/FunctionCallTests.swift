import AsyncHTTPClient
import CallPlanWire
import Foundation
import HTTPTypes
import Hummingbird
import Serving
import Testing
@testable import RealMode

/// knsim-fn making the calls of a plan against a stand-in ingress, which answers by
/// `X-Knsim-Service`: `a` and `b` sleep their service time (revisions 1 and 2; `a`
/// reports a nested call of its own), `bad` fails with `pod-gone`, `slow` takes 3 s.
@Suite(.serialized) struct FunctionCallTests {
    actor Seen {
        var requests: [(service: String, time: String, id: String, hasPlan: Bool)] = []
        func add(_ service: String, _ time: String, _ id: String, _ hasPlan: Bool) {
            requests.append((service, time, id, hasPlan))
        }
    }

    static let nested = CallRecord(caller: "a", callee: "z", revision: 9, offset: 1_000, latency: 5, failure: nil, cold: true)

    static func standInIngress(_ seen: Seen) async throws -> LoopbackServer {
        try await LoopbackServer.start(name: "stand-in-ingress") { request in
            let service = request.headers[IngressServer.serviceHeader] ?? ""
            let time = request.headers[ProxyHeader.serviceTime] ?? ""
            await seen.add(service, time, request.headers[ProxyHeader.requestID] ?? "",
                           request.headers[HTTPField.Name(CallPlanHeaders.calls)!] != nil)
            var headers = HTTPFields()
            switch service {
            case "bad":
                return ProxyHeader.failureResponse(.podGone)
            case "slow":
                try? await Task.sleep(for: .seconds(3))
            default:
                try? await Task.sleep(for: .seconds(Double(time) ?? 0))
            }
            headers[ProxyHeader.revision] = service == "b" ? "2" : "1"
            if service == "a" {
                headers[HTTPField.Name(CallPlanHeaders.edges)!] = CallRecord.encode([nested])
                headers[ProxyHeader.cold] = "1"
            }
            return Response(status: .ok, headers: headers)
        }
    }

    static func call(_ service: String, _ seconds: Double, timeout: Double? = nil) -> PlannedCall {
        PlannedCall(service: service, timeout: timeout, expectedRevision: 1,
                    plan: CallPlan(steps: [], firstRevision: 1, times: [seconds]))
    }

    /// Starts knsim-fn (calling `ingress`, if given), runs `body`, stops it.
    static func withFunction<T>(ingress: String?, _ body: (ProcessPod, HTTPClient) async throws -> T) async throws -> T {
        try await withClient { client in
            var arguments: [String] = []
            if let ingress { arguments += ["--ingress", ingress] }
            let pod = try await ProcessPod.launch(PodCommand(executable: KnsimFnBinary.path, arguments: arguments),
                                                  ports: PortAllocator())
            do {
                try await pod.waitUntilReady(client: client)
                let result = try await body(pod, client)
                await pod.stop(grace: .seconds(2))
                return result
            } catch {
                await pod.stop(grace: .seconds(2))
                throw error
            }
        }
    }

    static func invoke(_ pod: ProcessPod, plan: CallPlan, work: Double, extra: [(String, String)] = [],
                       client: HTTPClient) async throws -> (status: Int, headers: [String: String], took: Double) {
        let started = ContinuousClock.now
        let answer = try await get(pod.url + "/", headers: [("X-Knsim-Service-Time", String(work)),
                                                            ("X-Knsim-Service", "front"), ("X-Knsim-Request-Id", "7"),
                                                            (CallPlanHeaders.calls, plan.encoded())] + extra,
                                   client: client)
        return (answer.status, answer.headers, seconds(started.duration(to: .now)))
    }

    @Test func aSequentialThenAParallelStepTakeTheOwnWorkPlusTheCalls() async throws {
        let seen = Seen()
        let ingress = try await Self.standInIngress(seen)
        // 0.4 s of own work; at 25 % a call of 0.3 s; at 75 % two at once, 0.3 s and 0.5 s.
        let plan = CallPlan(steps: [
            PlannedStep(at: 0.25, calls: [Self.call("a", 0.3)]),
            PlannedStep(at: 0.75, calls: [Self.call("a", 0.3), Self.call("b", 0.5)]),
        ])
        let answer = try await Self.withFunction(ingress: "http://127.0.0.1:\(ingress.port)/") { pod, client in
            try await Self.invoke(pod, plan: plan, work: 0.4, client: client)
        }
        await ingress.stop()
        #expect(answer.status == 200)
        // Own work 0.4 + the sequential call 0.3 + the longer parallel call 0.5.
        #expect(answer.took >= 1.2)
        #expect(answer.took < 1.2 + 0.6)
        let records = CallRecord.decode(try #require(answer.headers["x-knsim-edges"]))
        let direct = records.filter { $0.caller == "front" }
        #expect(direct.map(\.callee) == ["a", "a", "b"])
        #expect(direct.map(\.revision) == [1, 1, 2])
        #expect(direct.map(\.cold) == [true, true, false])
        #expect(direct.allSatisfy { $0.failure == nil })
        // Sent at 0.1 s, then at 0.1 + 0.3 + 0.2 s of the request's time.
        #expect(direct[0].offset >= 100_000_000 && direct[0].offset < 300_000_000)
        #expect(direct[1].offset >= 600_000_000 && direct[1].offset == direct[2].offset)
        #expect(zip(direct.map(\.latency), [0.3, 0.3, 0.5]).allSatisfy { Double($0) >= $1 * 1e9 })
        // Each `a` call's own callee record comes back shifted to the front request's time.
        let nested = records.filter { $0.caller == "a" }
        #expect(nested.map(\.offset) == [direct[0].offset + 1_000, direct[1].offset + 1_000])
        let requests = await seen.requests
        #expect(requests.map(\.service) == ["a", "a", "b"] || requests.map(\.service) == ["a", "b", "a"])
        #expect(requests.map(\.time).sorted() == ["0.3", "0.3", "0.5"])
        #expect(requests.map(\.id).sorted() == ["7.1", "7.2", "7.3"])
        #expect(requests.allSatisfy { $0.hasPlan })
    }

    @Test func aCallsServiceTimeIsTheOneForTheRevisionTheIngressChose() async throws {
        let plan = CallPlan(steps: [], firstRevision: 1, times: [0.05, 0.6])
        let answer = try await Self.withFunction(ingress: nil) { pod, client in
            try await Self.invoke(pod, plan: plan, work: 0.05, extra: [("X-Knsim-Revision", "2")], client: client)
        }
        #expect(answer.status == 200)
        #expect(answer.took >= 0.6)
    }

    @Test(arguments: [
        // (steps, status, failure, edge outcomes)
        ([[call("bad", 0.1)]], 502, "call-failed", ["pod-gone"]),
        ([[call("slow", 0.1, timeout: 0.3)]], 504, "call-timeout", ["call-timeout"]),
        ([[call("slow", 0.1), call("bad", 0.1)]], 502, "call-failed", ["pod-gone", "-"]),
        ([[call("a", 0.1)], [call("bad", 0.1)], [call("a", 0.1)]], 502, "call-failed", ["ok", "pod-gone"]),
    ])
    func aFailedOrTimedOutCallFailsTheCallerAtOnce(steps: [[PlannedCall]], status: Int, failure: String,
                                                   outcomes: [String]) async throws {
        let seen = Seen()
        let ingress = try await Self.standInIngress(seen)
        let plan = CallPlan(steps: steps.enumerated().map { PlannedStep(at: Double($0.offset) * 0.1, calls: $0.element) })
        let answer = try await Self.withFunction(ingress: "http://127.0.0.1:\(ingress.port)/") { pod, client in
            try await Self.invoke(pod, plan: plan, work: 0.1, client: client)
        }
        await ingress.stop()
        #expect(answer.status == status)
        #expect(answer.headers["x-knsim-failure"] == failure)
        // At once: not after the slow call's 3 s, nor after the steps left.
        #expect(answer.took < 2)
        let records = CallRecord.decode(try #require(answer.headers["x-knsim-edges"])).filter { $0.caller == "front" }
        #expect(records.map { $0.failure ?? "ok" } == outcomes)
        // The steps after the failure were never made.
        #expect(await seen.requests.count == outcomes.count)
    }

    @Test func aPlanWithCallsNeedsAnIngress() async throws {
        let plan = CallPlan(steps: [PlannedStep(at: 0, calls: [Self.call("a", 0.1)])])
        let answer = try await Self.withFunction(ingress: nil) { pod, client in
            try await Self.invoke(pod, plan: plan, work: 0.1, client: client)
        }
        #expect(answer.status == 500)
    }
}
