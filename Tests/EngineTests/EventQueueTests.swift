import Testing
@testable import Engine

/// Drains the queue into (time, payload) pairs.
func drain<P>(_ queue: inout EventQueue<P>) -> [(Int64, P)] {
    var out: [(Int64, P)] = []
    while let e = queue.popNext() { out.append((e.time.nanoseconds, e.payload)) }
    return out
}

func at(_ ns: Int64) -> SimTime { SimTime(nanoseconds: ns) }

struct EventQueueTests {
    @Test func emptyQueue() {
        var queue = EventQueue<Int>()
        #expect(queue.count == 0)
        #expect(queue.isEmpty)
        #expect(queue.nextTime == nil)
        #expect(queue.popNext() == nil)
    }

    @Test func popsInTimeOrder() {
        var queue = EventQueue<String>()
        for (t, name) in [(30, "c"), (10, "a"), (20, "b"), (5_000_000_000, "e"), (40, "d")] {
            queue.schedule(name, at: at(Int64(t)))
        }
        #expect(queue.count == 5)
        #expect(queue.nextTime == at(10))
        let names = drain(&queue).map(\.1)
        #expect(names == ["a", "b", "c", "d", "e"])
    }

    @Test func manyEqualTimesKeepSchedulingOrder() {
        var queue = EventQueue<Int>()
        // Equal times interleaved with earlier and later ones, scheduled in a mixed order.
        for i in 0..<1_000 {
            queue.schedule(i, at: at(1_000))
            if i % 3 == 0 { queue.schedule(-1, at: at(999)) }
            if i % 5 == 0 { queue.schedule(-2, at: at(1_001)) }
        }
        let events = drain(&queue)
        let atThousand = events.filter { $0.0 == 1_000 }.map(\.1)
        #expect(atThousand == Array(0..<1_000))
        #expect(events.map(\.0) == events.map(\.0).sorted())
    }

    @Test func tiesScheduledAtTheCurrentTimeRunAfterThoseAlreadyThere() {
        var queue = EventQueue<String>()
        queue.schedule("a", at: at(5))
        queue.schedule("b", at: at(5))
        #expect(queue.popNext()?.payload == "a")
        queue.schedule("c", at: at(5))  // at the current time, while "b" waits
        queue.schedule("z", at: at(6))
        queue.schedule("d", at: at(5))
        #expect(drain(&queue).map(\.1) == ["b", "c", "d", "z"])
    }

    /// Cancelling swaps a bucket's last entry into the hole, so equal times can reach
    /// bucket 0 out of sequence; they must still come out in scheduling order.
    @Test func equalTimesReorderedByCancellationStillComeOutInOrder() {
        var queue = EventQueue<String>()
        queue.schedule("first", at: at(1))
        var handles: [TimerHandle] = []
        for name in ["A", "B", "C", "D", "E", "F"] {
            handles.append(queue.schedule(name, at: at(1 << 40)))
        }
        queue.schedule("later", at: at(1 << 41))
        #expect(queue.cancel(handles[0]) == true)  // F moves into A's place
        #expect(queue.cancel(handles[2]) == true)  // E moves into C's place
        #expect(drain(&queue).map(\.1) == ["first", "B", "D", "E", "F", "later"])
    }

    @Test func cancelAtTheCurrentTimeKeepsTheOthersInOrder() {
        var queue = EventQueue<Int>()
        let handles = (0..<8).map { queue.schedule($0, at: at(7)) }
        #expect(queue.popNext()?.payload == 0)
        #expect(queue.cancel(handles[2]) == true)  // near the front
        #expect(queue.cancel(handles[6]) == true)  // near the back
        #expect(queue.cancel(handles[1]) == true)  // the very front
        #expect(queue.cancel(handles[7]) == true)  // the very back
        queue.schedule(8, at: at(7))
        #expect(queue.count == 4)
        #expect(drain(&queue).map(\.1) == [3, 4, 5, 8])
    }

    @Test func timesSpanTheFullInt64Range() {
        var queue = EventQueue<Int>()
        let times: [Int64] = [.max, .min, -1, 0, 1, .max - 1, .min + 1, 1 << 62, -(1 << 62), .max, .min, 0]
        for (i, t) in times.enumerated() { queue.schedule(i, at: at(t)) }
        let expected = times.enumerated()
            .sorted { ($0.element, $0.offset) < ($1.element, $1.offset) }
            .map { ($0.element, $0.offset) }
        let actual = drain(&queue)
        #expect(actual.map(\.0) == expected.map(\.0))
        #expect(actual.map(\.1) == expected.map(\.1))
    }

    @Test func distantFutureAfterTimeHasAdvanced() {
        var queue = EventQueue<String>()
        queue.schedule("now", at: at(1_000_000))
        #expect(queue.popNext()?.payload == "now")
        queue.schedule("never", at: .distantFuture)
        queue.schedule("soon", at: at(1_000_001))
        queue.schedule("never2", at: .distantFuture)
        #expect(queue.nextTime == at(1_000_001))
        #expect(queue.popNext()?.payload == "soon")
        #expect(queue.nextTime == .distantFuture)
        #expect(drain(&queue).map(\.1) == ["never", "never2"])
    }

    @Test func cancelRemovesTheEvent() {
        var queue = EventQueue<Int>()
        let a = queue.schedule(1, at: at(10))
        let b = queue.schedule(2, at: at(20))
        #expect(queue.cancel(a) == true)
        #expect(queue.count == 1)
        #expect(!queue.isPending(a))
        #expect(queue.isPending(b))
        #expect(queue.nextTime == at(20))
        #expect(drain(&queue).map(\.1) == [2])
    }

    @Test func cancellingTheEarliestUpdatesNextTime() {
        var queue = EventQueue<Int>()
        let handles = [50, 10, 30, 20, 40].map { queue.schedule(Int($0), at: at(Int64($0) << 30)) }
        #expect(queue.cancel(handles[1]) == true)  // 10
        #expect(queue.nextTime == at(20 << 30))
        #expect(queue.cancel(handles[3]) == true)  // 20
        #expect(queue.nextTime == at(30 << 30))
        #expect(drain(&queue).map(\.1) == [30, 40, 50])
    }

    @Test func doubleCancelAndCancelAfterPopReturnFalse() {
        var queue = EventQueue<Int>()
        let a = queue.schedule(1, at: at(1))
        let b = queue.schedule(2, at: at(2))
        #expect(queue.cancel(b) == true)
        #expect(queue.cancel(b) == false)
        #expect(queue.popNext()?.payload == 1)
        #expect(!queue.isPending(a))
        #expect(queue.cancel(a) == false)
        #expect(queue.isEmpty)
    }

    @Test func staleHandleCannotCancelTheSlotsNextEvent() {
        var queue = EventQueue<String>()
        let old = queue.schedule("old", at: at(1))
        #expect(queue.popNext()?.payload == "old")
        let new = queue.schedule("new", at: at(2))
        #expect(new.slot == old.slot)  // the slot really was reused
        #expect(!queue.isPending(old))
        #expect(queue.cancel(old) == false)
        #expect(queue.isPending(new))

        let cancelled = new
        #expect(queue.cancel(cancelled) == true)
        let newer = queue.schedule("newer", at: at(3))
        #expect(newer.slot == cancelled.slot)
        #expect(queue.cancel(cancelled) == false)
        #expect(queue.popNext()?.payload == "newer")
    }

    @Test func cancelAndRescheduleDoesNotGrowTheStructure() {
        // A keep-alive timer per instance, reset by every request.
        var queue = EventQueue<Int>()
        var timers = (0..<250).map { queue.schedule($0, at: at(Int64($0) * 1_000_000 + 60_000_000_000)) }
        var random = SplitMix64(seed: 42)
        var now: Int64 = 0
        for step in 0..<20_000 {
            now += Int64.random(in: 0..<100_000, using: &random)
            let i = Int.random(in: 0..<250, using: &random)
            #expect(queue.cancel(timers[i]) == true)
            timers[i] = queue.schedule(i, at: at(now + 60_000_000_000))
            if step % 100 == 0 {
                queue.schedule(-1, at: at(now))
                #expect(queue.popNext()?.payload == -1)
            }
        }
        #expect(queue.count == 250)
        #expect(queue.slots.count <= 251)  // every slot is reused, none leaks
        let entriesInBuckets = (1..<RadixBuckets.bucketCount).reduce(queue.buckets.zeroCount - queue.head) {
            $0 + queue.buckets.count($1)
        }
        #expect(entriesInBuckets == 250)
        #expect(Set(drain(&queue).map(\.1)).count == 250)
    }

    /// Memory follows the pending events, not the length of the run: the chunk pool
    /// stops growing once the hold model reaches its steady state.
    @Test func memoryDoesNotGrowWithRunLength() {
        var queue = EventQueue<Int>()
        var random = SplitMix64(seed: 3)
        let pending = 5_000
        for i in 0..<pending { queue.schedule(i, at: at(Int64.random(in: 0..<1_000_000_000, using: &random))) }
        func hold(_ steps: Int) {
            for _ in 0..<steps {
                let (time, id) = queue.popNext()!
                queue.schedule(id, at: time + SimDuration(nanoseconds: Int64.random(in: 0..<1_000_000_000, using: &random)))
            }
        }
        hold(50_000)
        let settled = queue.buckets.pooledCapacity
        hold(300_000)
        #expect(queue.buckets.pooledCapacity == settled)
        // At most: the pending entries twice over (a refill holds both its source and
        // its targets), one part-filled chunk per bucket, one slab of rounding.
        let bound = 2 * pending + RadixBuckets.bucketCount * RadixBuckets.chunkSize + RadixBuckets.slabSize
        #expect(settled <= bound)
        #expect(queue.count == pending)
    }

    @Test func copiesAreIndependent() {
        var original = EventQueue<Int>()
        let handles = (0..<100).map { original.schedule($0, at: at(Int64(($0 * 37) % 100) << 20)) }
        _ = original.popNext()
        var copy = original
        #expect(copy.cancel(handles[5]) == true)
        copy.schedule(1_000, at: at(1 << 40))
        _ = copy.popNext()
        #expect(original.isPending(handles[5]))
        #expect(original.count == 99)
        #expect(copy.count == 98)
        let fromOriginal = drain(&original)
        #expect(fromOriginal.count == 99)
        #expect(fromOriginal.map(\.0) == fromOriginal.map(\.0).sorted())
        #expect(drain(&copy).last?.1 == 1_000)
    }

    /// A copy shares storage until one side changes; then each must go on alone,
    /// including the chunk pool's free list.
    @Test func copiesStayCorrectUnderContinuedUse() {
        var random = SplitMix64(seed: 11)
        var original = EventQueue<Int>(), originalModel = ModelQueue()
        var originalIssued: [(handle: TimerHandle, seq: Int)] = []
        #expect(exerciseTogether(&original, &originalModel, issued: &originalIssued, random: &random, steps: 6_000) == 0)
        #expect(original.count > 500)

        var copy = original, copyModel = originalModel, copyIssued = originalIssued
        #expect(exerciseTogether(&copy, &copyModel, issued: &copyIssued, random: &random, steps: 6_000) == 0)
        #expect(copy.invariantViolations() == [])
        #expect(exerciseTogether(&original, &originalModel, issued: &originalIssued, random: &random, steps: 6_000) == 0)
        #expect(exerciseTogether(&copy, &copyModel, issued: &copyIssued, random: &random, steps: 2_000) == 0)
        #expect(original.invariantViolations() == [])
        #expect(copy.invariantViolations() == [])
    }

    @Test func reserveCapacityChangesNothingObservable() {
        var a = EventQueue<Int>(), b = EventQueue<Int>()
        b.reserveCapacity(10_000)
        var random = SplitMix64(seed: 7)
        for i in 0..<2_000 {
            let t = Int64.random(in: 0..<1_000, using: &random)
            a.schedule(i, at: at(t)); b.schedule(i, at: at(t))
        }
        let left = drain(&a), right = drain(&b)
        #expect(left.map(\.0) == right.map(\.0))
        #expect(left.map(\.1) == right.map(\.1))
    }

    @Test func payloadReferencesAreReleasedWhenPoppedOrCancelled() {
        final class Token {}
        var queue = EventQueue<Token>()
        weak var popped: Token?
        weak var cancelled: Token?
        do {
            let p = Token(), c = Token()
            popped = p; cancelled = c
            queue.schedule(p, at: at(1))
            let h = queue.schedule(c, at: at(2))
            queue.schedule(Token(), at: at(3))
            _ = queue.popNext()
            #expect(queue.cancel(h) == true)
        }
        #expect(popped == nil)
        #expect(cancelled == nil)
        #expect(queue.count == 1)
    }
}
