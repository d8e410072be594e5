import Testing
@testable import Autoscaling

// The scale-per-request instance pool (AWS Lambda style, SimFaaS's model) with a fixed
// keep-alive. Times in seconds below; the AWS policy keeps an instance 600 s.

private func s(_ seconds: Int64) -> Int64 { KPATiming.seconds(seconds) }

@Suite("Keep-alive instance pool")
struct KeepAliveTests {
    enum Op: CustomStringConvertible {
        case arrive(at: Int64, expect: KeepAliveInstancePool.Placement)
        case complete(Int64, at: Int64, expectDeadline: Int64)
        case expire(Int64, at: Int64, expect: Bool)

        var description: String {
            switch self {
            case let .arrive(t, _): return "arrive@\(t)"
            case let .complete(id, t, _): return "complete \(id)@\(t)"
            case let .expire(id, t, _): return "expire \(id)@\(t)"
            }
        }
    }

    private func run(_ ops: [Op], policy: KeepAlivePolicy = .awsLambda) -> KeepAliveInstancePool {
        var pool = KeepAliveInstancePool(policy: policy)
        for op in ops {
            switch op {
            case let .arrive(t, expected):
                let placement = pool.requestArrived(at: s(t))
                #expect(placement == expected, "\(op)")
            case let .complete(id, t, deadline):
                let got = pool.requestCompleted(InstanceID(id), at: s(t))
                #expect(got == s(deadline), "\(op)")
            case let .expire(id, t, expected):
                let expired = pool.expire(InstanceID(id), at: s(t))
                #expect(expired == expected, "\(op)")
            }
        }
        return pool
    }

    @Test func warmHitPicksTheMostRecentlyCreatedIdleInstance() {
        let pool = run([
            .arrive(at: 0, expect: .cold(InstanceID(0))),        // nothing idle → new instance 0
            .arrive(at: 1, expect: .cold(InstanceID(1))),        // 0 busy → new instance 1
            .arrive(at: 2, expect: .cold(InstanceID(2))),
            .complete(2, at: 3, expectDeadline: 603),            // 3 + 600
            .complete(1, at: 4, expectDeadline: 604),            // idle: {1, 2}
            .complete(0, at: 5, expectDeadline: 605),            // idle: {0, 1, 2}; 0 freed last
            .arrive(at: 6, expect: .warm(InstanceID(2))),        // created last, though freed first
            .arrive(at: 7, expect: .warm(InstanceID(1))),
            .arrive(at: 8, expect: .warm(InstanceID(0))),
            .arrive(at: 9, expect: .cold(InstanceID(3))),        // none idle → cold start
        ])
        #expect(pool.coldStarts == 4 && pool.warmStarts == 3)
        #expect(pool.busyCount == 4 && pool.idleCount == 0 && pool.instanceCount == 4)
    }

    @Test func expiryOnlyWhenStillIdleAndDue() {
        let pool = run([
            .arrive(at: 0, expect: .cold(InstanceID(0))),
            .expire(0, at: 700, expect: false),                  // busy
            .complete(0, at: 10, expectDeadline: 610),
            .expire(0, at: 609, expect: false),                  // not yet due
            .arrive(at: 20, expect: .warm(InstanceID(0))),       // a request resets the timer …
            .complete(0, at: 30, expectDeadline: 630),           // … to 30 + 600
            .expire(0, at: 610, expect: false),                  // the old deadline's event: stale
            .expire(0, at: 630, expect: true),                   // due: gone
            .expire(0, at: 631, expect: false),                  // already gone
            .expire(7, at: 631, expect: false),                  // never existed
            .arrive(at: 640, expect: .cold(InstanceID(1))),      // the expired one is not reused
        ])
        #expect(pool.expirations == 1)
        #expect(pool.instanceCount == 1)
    }

    @Test func deadlinesAndCounts() {
        var pool = KeepAliveInstancePool(policy: .azureFunctions)
        let a = pool.requestArrived(at: 0).instance
        let b = pool.requestArrived(at: 0).instance
        #expect(pool.isBusy(a) && pool.expiryDeadline(of: a) == nil)
        let deadline = pool.requestCompleted(b, at: s(2))
        #expect(deadline == s(1202))                                 // 2 + 1200 (Azure: 20 min)
        #expect(pool.expiryDeadline(of: b) == s(1202))
        #expect(pool.idleInstances == [b])
        #expect(pool.busyCount == 1 && pool.idleCount == 1)
        #expect(KeepAlivePolicy.awsLambda.idleTimeout == s(600))
        #expect(KeepAlivePolicy.azureFunctions.idleWindows() == IdleWindows(prewarm: 0, keepAlive: s(1200)))
    }

    @Test func windowsWithAPrewarmUnloadAndReload() {
        var pool = KeepAliveInstancePool()
        let first = pool.requestArrived(at: 0).instance
        // pre-warm 540 s, keep-alive 2046 s: unloaded at 100, reloaded at 640
        let plan = pool.requestCompleted(first, at: s(100), windows: IdleWindows(prewarm: s(540), keepAlive: s(2046)))
        #expect(plan == .unloaded(reloadAt: s(640), keepAlive: s(2046)))
        #expect(pool.instanceCount == 0 && pool.unloads == 1)
        // a request before the reload is a cold start
        let early = pool.requestArrived(at: s(200))
        #expect(early == .cold(InstanceID(1)))
        let kept = pool.requestCompleted(InstanceID(1), at: s(201), windows: IdleWindows(prewarm: 0, keepAlive: s(1000)))
        #expect(kept == .keptAlive(until: s(1201)))
        // the reload creates instance 2, idle until 640 + 2046 = 2686
        let loaded = pool.prewarm(at: s(640), keepAlive: s(2046))
        #expect(loaded.instance == InstanceID(2) && loaded.expiresAt == s(2686))
        #expect(pool.prewarms == 1)
        // the newest idle instance (2) takes the next request, not 1
        let next = pool.requestArrived(at: s(700))
        #expect(next == .warm(InstanceID(2)))
    }
}
