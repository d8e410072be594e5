/// A handle to a scheduled event, used to cancel it. A handle names a slot and the
/// slot's generation at scheduling time; the generation changes whenever the slot is
/// released, so a stale handle can never cancel an event that later reused its slot.
public struct TimerHandle: Hashable, Sendable {
    @usableFromInline var slot: Int32
    @usableFromInline var generation: UInt32
    @inlinable init(slot: Int32, generation: UInt32) { self.slot = slot; self.generation = generation }
}

/// The pending events of a simulation, in a total order: time, then insertion
/// sequence. Equal-time events therefore always run in the order they were
/// scheduled, which is what makes a run reproducible.
///
/// Event times must never go backwards: `schedule(_:at:)` requires
/// `time >= ` the time of the last popped event (the engine guarantees this).
///
/// ## Structure: a radix heap with true cancellation
///
/// A binary heap pays `log n` cache-missing comparisons per pop. A simulation's
/// times never go backwards, which a *radix heap* exploits: every pending key is at
/// least `last`, the key of the last popped event, and an entry lives in bucket
/// `b = bitWidth(key ^ last)` — 0 when the key equals `last`, otherwise one more than
/// the index of the highest bit where it differs from `last`. Keys in a lower
/// bucket are smaller than keys in any higher bucket, so the minimum is in the
/// lowest non-empty bucket. When bucket 0 runs dry, the lowest non-empty bucket's
/// minimum becomes the new `last` and that bucket's entries are redistributed into
/// strictly lower buckets; an entry can only move down, at most 64 times, and in
/// practice a few.
///
/// Ties: bucket 0 holds exactly the events at the current time and is served FIFO.
/// Direct insertions arrive in sequence order by construction; a refill is sorted
/// by sequence (only when it is out of order), so the total order is exactly
/// (time, sequence).
///
/// Cancellation removes the entry at once — a swap with the bucket's last entry
/// (buckets above 0 are unordered), or an order-preserving shift in bucket 0 — so no
/// cancelled entries accumulate. A slot table records where each pending event is;
/// slots, payloads and buckets are arrays that keep their capacity, so a steady
/// state schedules and pops without allocating.
///
/// Times are mapped to unsigned keys by flipping the sign bit, which preserves order
/// over the full `Int64` range.
public struct EventQueue<Payload> {
    /// What a bucket stores: kept small because refills move entries between buckets.
    @usableFromInline struct Entry: Sendable {
        @usableFromInline var key: UInt64
        @usableFromInline var slot: Int32
        @inlinable init(key: UInt64, slot: Int32) { self.key = key; self.slot = slot }
    }

    /// Where a scheduled event is, and the order it was scheduled in.
    @usableFromInline struct Slot: Sendable {
        @usableFromInline var seq: UInt64
        @usableFromInline var index: Int32
        @usableFromInline var bucket: Int32
        @usableFromInline var generation: UInt32
        @inlinable init(seq: UInt64, index: Int32, bucket: Int32, generation: UInt32) {
            self.seq = seq; self.index = index; self.bucket = bucket; self.generation = generation
        }
    }

    /// Bucket 0 plus one bucket per bit of the key.
    @usableFromInline static var bucketCount: Int { 65 }

    @usableFromInline var buckets: [[Entry]]
    /// The smallest key in each bucket; `UInt64.max` when the bucket is empty. Kept
    /// exact (also across cancellation) so that `nextTime` is O(1).
    @usableFromInline var bucketMin: [UInt64]
    /// Bit `b - 1` is set when bucket `b` (1...64) is non-empty.
    @usableFromInline var nonEmpty: UInt64 = 0
    /// Bucket 0 is consumed from the front: entries before `head` have been popped.
    @usableFromInline var head: Int = 0
    /// The key of the last popped event (initially the smallest key, Int64.min).
    @usableFromInline var last: UInt64 = 0
    @usableFromInline var slots: [Slot] = []
    /// Payloads by slot; nil when the slot is free, so that a popped payload's
    /// references are released at once.
    @usableFromInline var payloads: [Payload?] = []
    @usableFromInline var freeSlots: [Int32] = []
    @usableFromInline var nextSeq: UInt64 = 0
    @usableFromInline var pending: Int = 0

    public init() {
        buckets = Array(repeating: [], count: Self.bucketCount)
        bucketMin = Array(repeating: .max, count: Self.bucketCount)
    }

    /// Makes room for `capacity` simultaneously pending events without reallocating
    /// the slot table.
    @inlinable public mutating func reserveCapacity(_ capacity: Int) {
        slots.reserveCapacity(capacity)
        payloads.reserveCapacity(capacity)
        freeSlots.reserveCapacity(capacity)
    }

    @inlinable public var count: Int { pending }
    @inlinable public var isEmpty: Bool { pending == 0 }

    /// The time of the earliest pending event, in O(1).
    @inlinable public var nextTime: SimTime? {
        if head < buckets[0].count { return Self.time(last) }
        guard nonEmpty != 0 else { return nil }
        return Self.time(bucketMin[nonEmpty.trailingZeroBitCount + 1])
    }

    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, at time: SimTime) -> TimerHandle {
        let key = Self.key(time)
        precondition(key >= last, "an event cannot be scheduled before the last popped event")
        let slot: Int32
        let generation: UInt32
        if let free = freeSlots.popLast() {
            slot = free
            generation = slots[Int(free)].generation
            slots[Int(free)].seq = nextSeq
            payloads[Int(free)] = payload
        } else {
            slot = Int32(slots.count)
            generation = 0
            slots.append(Slot(seq: nextSeq, index: 0, bucket: 0, generation: 0))
            payloads.append(payload)
        }
        nextSeq &+= 1
        pending &+= 1
        insert(Entry(key: key, slot: slot))
        return TimerHandle(slot: slot, generation: generation)
    }

    /// Removes the event if it is still pending. Returns false if it already ran or
    /// was cancelled (or the handle is stale: its slot has been reused since).
    @inlinable @discardableResult
    public mutating func cancel(_ handle: TimerHandle) -> Bool {
        guard isPending(handle) else { return false }
        let s = Int(handle.slot)
        let place = slots[s]
        remove(bucket: Int(place.bucket), index: Int(place.index))
        _ = payloads[s].take()
        release(slot: handle.slot)
        pending &-= 1
        return true
    }

    @inlinable public func isPending(_ handle: TimerHandle) -> Bool {
        let s = Int(handle.slot)
        return s < slots.count && slots[s].generation == handle.generation && slots[s].bucket >= 0
    }

    @inlinable public mutating func popNext() -> (time: SimTime, payload: Payload)? {
        guard pending > 0 else { return nil }
        if head == buckets[0].count { refill() }
        let entry = buckets[0][head]
        head &+= 1
        if head == buckets[0].count {
            buckets[0].removeAll(keepingCapacity: true)
            head = 0
        }
        pending &-= 1
        let payload = payloads[Int(entry.slot)].take().unsafelyUnwrapped
        release(slot: entry.slot)
        return (Self.time(entry.key), payload)
    }

    // MARK: - Internals

    /// Order-preserving map from Int64 to UInt64.
    @inlinable static func key(_ time: SimTime) -> UInt64 {
        UInt64(bitPattern: time.nanoseconds) ^ (1 << 63)
    }

    @inlinable static func time(_ key: UInt64) -> SimTime {
        SimTime(nanoseconds: Int64(bitPattern: key ^ (1 << 63)))
    }

    /// 0 for `last` itself, else one more than the highest bit that differs from it.
    @inlinable static func bucket(of key: UInt64, relativeTo last: UInt64) -> Int {
        UInt64.bitWidth &- (key ^ last).leadingZeroBitCount
    }

    @inlinable mutating func insert(_ entry: Entry) {
        let b = Self.bucket(of: entry.key, relativeTo: last)
        let s = Int(entry.slot)
        slots[s].bucket = Int32(truncatingIfNeeded: b)
        slots[s].index = Int32(truncatingIfNeeded: buckets[b].count)
        buckets[b].append(entry)
        if b != 0 {
            nonEmpty |= 1 &<< UInt64(b &- 1)
            if entry.key < bucketMin[b] { bucketMin[b] = entry.key }
        }
    }

    @inlinable mutating func release(slot: Int32) {
        let s = Int(slot)
        slots[s].bucket = -1
        slots[s].generation &+= 1
        freeSlots.append(slot)
    }

    /// Bucket 0 is empty and some other bucket is not: make the lowest non-empty
    /// bucket's minimum the new `last` and redistribute that bucket.
    @inlinable mutating func refill() {
        let source = nonEmpty.trailingZeroBitCount &+ 1
        let newLast = bucketMin[source]
        last = newLast
        nonEmpty &= ~(1 &<< UInt64(source &- 1))
        bucketMin[source] = .max

        // Borrow the source bucket's storage; give it back (emptied, capacity kept).
        var moving: [Entry] = []
        swap(&moving, &buckets[source])
        if moving.count == 1 {
            // The common case with distinct times: straight to bucket 0.
            let entry = moving[0]
            slots[Int(entry.slot)].bucket = 0
            slots[Int(entry.slot)].index = 0
            buckets[0].append(entry)
        } else {
            var ordered = true
            var previousSeq: UInt64 = 0
            for entry in moving {
                let b = Self.bucket(of: entry.key, relativeTo: newLast)
                let s = Int(entry.slot)
                slots[s].bucket = Int32(truncatingIfNeeded: b)
                slots[s].index = Int32(truncatingIfNeeded: buckets[b].count)
                buckets[b].append(entry)
                if b != 0 {
                    nonEmpty |= 1 &<< UInt64(b &- 1)
                    if entry.key < bucketMin[b] { bucketMin[b] = entry.key }
                } else {
                    let seq = slots[s].seq
                    if buckets[0].count > 1 && seq < previousSeq { ordered = false }
                    previousSeq = seq
                }
            }
            if !ordered { sortBucketZeroBySequence() }
        }
        moving.removeAll(keepingCapacity: true)
        swap(&moving, &buckets[source])
    }

    /// Restores FIFO order among equal times after a refill gathered them out of order.
    @usableFromInline mutating func sortBucketZeroBySequence() {
        let table = slots
        buckets[0].sort { table[Int($0.slot)].seq < table[Int($1.slot)].seq }
        for (i, entry) in buckets[0].enumerated() {
            slots[Int(entry.slot)].index = Int32(truncatingIfNeeded: i)
        }
    }

    /// Takes the entry at `index` of bucket `b` out of the structure.
    @inlinable mutating func remove(bucket b: Int, index i: Int) {
        if b == 0 {
            removeFromBucketZero(index: i)
            return
        }
        let removedKey = buckets[b][i].key
        let lastIndex = buckets[b].count &- 1
        if i != lastIndex {
            let moved = buckets[b][lastIndex]
            buckets[b][i] = moved
            slots[Int(moved.slot)].index = Int32(truncatingIfNeeded: i)
        }
        buckets[b].removeLast()
        if lastIndex == 0 {
            nonEmpty &= ~(1 &<< UInt64(b &- 1))
            bucketMin[b] = .max
        } else if removedKey == bucketMin[b] {
            var smallest = UInt64.max
            for entry in buckets[b] where entry.key < smallest { smallest = entry.key }
            bucketMin[b] = smallest
        }
    }

    /// Bucket 0 is FIFO, so removal shifts the shorter side by one place.
    @usableFromInline mutating func removeFromBucketZero(index i: Int) {
        let end = buckets[0].count
        if i &- head < end &- 1 &- i {
            // Shift the entries before `i` one place towards the back.
            var j = i
            while j > head {
                let moved = buckets[0][j &- 1]
                buckets[0][j] = moved
                slots[Int(moved.slot)].index = Int32(truncatingIfNeeded: j)
                j &-= 1
            }
            head &+= 1
        } else {
            var j = i
            while j < end &- 1 {
                let moved = buckets[0][j &+ 1]
                buckets[0][j] = moved
                slots[Int(moved.slot)].index = Int32(truncatingIfNeeded: j)
                j &+= 1
            }
            buckets[0].removeLast()
        }
        if head == buckets[0].count {
            buckets[0].removeAll(keepingCapacity: true)
            head = 0
        }
    }
}

extension EventQueue: Sendable where Payload: Sendable {}
