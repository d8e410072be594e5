import Autoscaling
import Testing

/// The pool keeps instance states in a window of ids that drops gone instances from
/// its front in batches; lookups must stay right across those compactions, and each
/// idle instance must hand back the caller's token.
@Suite struct KeepAlivePoolWindowTests {
    @Test func lookupsSurviveCompactionAndTokensComeBack() {
        var pool = KeepAliveInstancePool(policy: KeepAlivePolicy(idleTimeout: 100))
        let count = 300
        for i in 0..<count {
            let placement = pool.requestArrived(at: 0)
            #expect(placement == .cold(InstanceID(Int64(i))))
        }
        // Instance i finishes at i and is kept until i + 100, with token 1000 + i.
        for i in 0..<count {
            let deadline = pool.requestCompleted(InstanceID(Int64(i)), at: Int64(i), token: 1000 + i)
            #expect(deadline == Int64(i + 100))
        }
        let top = pool.mostRecentIdle
        #expect(top?.instance == InstanceID(299) && top?.expiresAt == 399 && top?.token == 1299)
        // Expire the oldest 250 (forcing compactions), skipping instance 100, which
        // gets a request instead.
        let early = pool.expire(InstanceID(0), at: 99)
        #expect(early == false)                                    // not yet due
        for i in 0..<250 where i != 100 {
            let expired = pool.expire(InstanceID(Int64(i)), at: Int64(i + 100))
            #expect(expired)
        }
        let again = pool.expire(InstanceID(5), at: 1000)
        #expect(again == false)                                    // already gone
        #expect(pool.expiryDeadline(of: InstanceID(100)) == 200)
        #expect(pool.expiryDeadline(of: InstanceID(260)) == 360)
        #expect(pool.idleCount == 51 && pool.instanceCount == 51)
        // Reuse pops 299 … 250, then 100: the most recently created first.
        for i in (250..<count).reversed() {
            #expect(pool.mostRecentIdle?.token == 1000 + i)
            let placement = pool.requestArrived(at: 400)
            #expect(placement == .warm(InstanceID(Int64(i))))
        }
        #expect(pool.mostRecentIdle?.instance == InstanceID(100))
        let hundred = pool.requestArrived(at: 400)
        #expect(hundred == .warm(InstanceID(100)))
        #expect(pool.isBusy(InstanceID(100)) && pool.isBusy(InstanceID(299)) && !pool.isBusy(InstanceID(99)))
        let fresh = pool.requestArrived(at: 400)
        #expect(fresh == .cold(InstanceID(300)))
        let deadline = pool.requestCompleted(InstanceID(100), at: 401, token: 7)
        #expect(deadline == 501)
        #expect(pool.mostRecentIdle?.instance == InstanceID(100) && pool.mostRecentIdle?.token == 7)
    }
}
