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
/// least `last`, the key of the last popped event, and an entry's bucket depends
/// only on where its key first differs from `last` (see `RadixBuckets`). Bucket 0
/// holds keys equal to `last`; a lower bucket's keys are smaller than any higher
/// bucket's, so the minimum is in the lowest non-empty bucket. When bucket 0 runs
/// dry, the lowest non-empty bucket's minimum becomes the new `last` and that
/// bucket's entries are redistributed into strictly lower buckets. An entry only
/// ever moves down, and its bucket can always be recomputed from its key and
/// `last`, which is what lets `cancel` find it.
///
/// Ties: bucket 0 holds exactly the events at the current time and is served FIFO.
/// Direct insertions arrive in sequence order by construction; a refill is sorted
/// by sequence when it arrives out of order, so the total order is exactly
/// (time, sequence).
///
/// Cancellation removes the entry at once — a swap with the bucket's last entry
/// (buckets above 0 are unordered), or an order-preserving shift in bucket 0 — so no
/// cancelled entries accumulate. Each bucket keeps its minimum key, so `nextTime` is
/// O(1); cancelling a bucket's minimum only marks it stale (a timer reset per request
/// often cancels exactly the earliest timer), and a stale minimum is recomputed when
/// that bucket is the lowest — where the refill scans it anyway.
///
/// Memory: the per-slot tables are arrays and the buckets are buffers that only
/// grow, so a steady state schedules, pops and cancels without allocating. Refills
/// move 16-byte entries and write only the 8-byte slot table; keys and sequence
/// numbers (read only when cancelling or breaking ties) live apart, as do payloads.
///
/// Times are mapped to unsigned keys by flipping the sign bit, which preserves order
/// over the full `Int64` range.
public struct EventQueue<Payload> {
    @usableFromInline var buckets: RadixBuckets
    /// Bucket 0 is consumed from the front: its entries before `head` have been popped.
    @usableFromInline var head: Int = 0
    /// The key of the last popped event (initially the smallest key, Int64.min).
    @usableFromInline var last: UInt64 = 0

    /// Per slot, what every move and every pop touches (8 bytes, so the table stays
    /// in cache): where the entry is, and the generation.
    @usableFromInline var slots: [SlotState] = []
    /// Per slot, what only scheduling, cancelling and tie-breaking touch.
    @usableFromInline var order: [SlotOrder] = []
    /// Payloads by slot; nil when the slot is free, so that a popped payload's
    /// references are released at once.
    @usableFromInline var payloads: [Payload?] = []
    /// The most recently freed slot (-1: none); free slots form a LIFO list through
    /// `SlotState.link`, so the slot reused next is the one still in cache.
    @usableFromInline var freeHead: Int32 = -1
    @usableFromInline var nextSeq: UInt64 = 0
    @usableFromInline var pending: Int = 0

    @usableFromInline struct SlotState: Sendable {
        /// While pending: the entry's index in its bucket (the bucket follows from the
        /// key and `last`). While free: the next free slot, or -1.
        @usableFromInline var link: Int32
        /// Incremented when the slot is released; a handle matches only while pending.
        @usableFromInline var generation: UInt32
        @inlinable init(link: Int32, generation: UInt32) { self.link = link; self.generation = generation }
    }

    @usableFromInline struct SlotOrder: Sendable {
        @usableFromInline var key: UInt64
        @usableFromInline var seq: UInt64
        @inlinable init(key: UInt64, seq: UInt64) { self.key = key; self.seq = seq }
    }

    public init() { buckets = RadixBuckets() }

    /// Makes room for `capacity` simultaneously pending events without reallocating
    /// the slot tables.
    @inlinable public mutating func reserveCapacity(_ capacity: Int) {
        slots.reserveCapacity(capacity)
        order.reserveCapacity(capacity)
        payloads.reserveCapacity(capacity)
    }

    @inlinable public var count: Int { pending }
    @inlinable public var isEmpty: Bool { pending == 0 }

    /// The time of the earliest pending event: O(1), except that a stale minimum
    /// (its bucket's earliest event was cancelled) costs one scan of that bucket.
    @inlinable public var nextTime: SimTime? {
        if head < buckets.count(0) { return Self.time(last) }
        let b = buckets.lowestOccupied()
        return b == 0 ? nil : Self.time(buckets.exactMinimum(b))
    }

    @inlinable @discardableResult
    public mutating func schedule(_ payload: Payload, at time: SimTime) -> TimerHandle {
        let key = Self.key(time)
        precondition(key >= last, "an event cannot be scheduled before the last popped event")
        makeBucketsUnique()
        let slot: Int32
        let generation: UInt32
        if freeHead >= 0 {
            slot = freeHead
            let s = Int(slot)
            freeHead = slots[s].link
            generation = slots[s].generation
            order[s] = SlotOrder(key: key, seq: nextSeq)
            payloads[s] = payload
        } else {
            precondition(slots.count < Int(Int32.max), "too many pending events")
            slot = Int32(truncatingIfNeeded: slots.count)
            generation = 0
            slots.append(SlotState(link: 0, generation: 0))
            order.append(SlotOrder(key: key, seq: nextSeq))
            payloads.append(payload)
        }
        nextSeq &+= 1
        pending &+= 1
        let b = RadixBuckets.index(of: key, relativeTo: last)
        slots[Int(slot)].link = buckets.append(RadixEntry(key: key, slot: slot), to: b)
        return TimerHandle(slot: slot, generation: generation)
    }

    /// Removes the event if it is still pending. Returns false if it already ran or
    /// was cancelled (or the handle is stale: its slot has been reused since).
    @inlinable @discardableResult
    public mutating func cancel(_ handle: TimerHandle) -> Bool {
        guard isPending(handle) else { return false }
        makeBucketsUnique()
        let s = Int(handle.slot)
        let b = RadixBuckets.index(of: order[s].key, relativeTo: last)
        if b == 0 {
            removeFromBucketZero(index: Int(slots[s].link))
        } else {
            remove(bucket: b, index: Int(slots[s].link))
        }
        _ = payloads[s].take()
        release(slot: handle.slot)
        pending &-= 1
        return true
    }

    /// True while the handle's event has neither run nor been cancelled.
    @inlinable public func isPending(_ handle: TimerHandle) -> Bool {
        let s = Int(handle.slot)
        return s >= 0 && s < slots.count && slots[s].generation == handle.generation
    }

    @inlinable public mutating func popNext() -> (time: SimTime, payload: Payload)? {
        guard pending > 0 else { return nil }
        makeBucketsUnique()
        let entry: RadixEntry
        if head < buckets.count(0) {
            entry = buckets.entry(0, head)
            head &+= 1
            if head == buckets.count(0) {
                buckets.removeAll(0)
                head = 0
            }
        } else {
            entry = takeMinimumFromLowestBucket()
        }
        pending &-= 1
        let s = Int(entry.slot)
        let payload = payloads[s].take().unsafelyUnwrapped
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

    /// Copy-on-write for the bucket buffers (the arrays look after themselves).
    @inlinable mutating func makeBucketsUnique() {
        if !isKnownUniquelyReferenced(&buckets) { buckets = buckets.copy() }
    }

    @inlinable mutating func release(slot: Int32) {
        slots[Int(slot)].generation &+= 1
        slots[Int(slot)].link = freeHead
        freeHead = slot
    }

    /// Bucket 0 is empty and some other bucket is not: make the lowest non-empty
    /// bucket's minimum the new `last`, redistribute that bucket into lower ones and
    /// return the entry at the new `last` that was scheduled first.
    @inlinable mutating func takeMinimumFromLowestBucket() -> RadixEntry {
        let source = buckets.lowestOccupied()
        let newLast = buckets.refreshMinimum(source)
        last = newLast
        let n = buckets.count(source)
        if n == 1 {
            // The common case with distinct times: no redistribution at all.
            let entry = buckets.entry(source, 0)
            buckets.removeAll(source)
            return entry
        }
        let moving = buckets.base(source)
        let store = buckets
        slots.withUnsafeMutableBufferPointer { slots in
            for i in 0..<n {
                let entry = moving[i]
                let b = RadixBuckets.index(of: entry.key, relativeTo: newLast)
                slots[Int(entry.slot)].link = store.append(entry, to: b)
            }
        }
        buckets.removeAll(source)
        // Ties are rare; only they need the (cache-missing) sequence numbers.
        if buckets.count(0) > 1 { restoreSequenceOrderInBucketZero() }
        // Serve the first of the new bucket 0 (it has at least one entry: the minimum).
        let entry = buckets.entry(0, 0)
        if buckets.count(0) == 1 {
            buckets.removeAll(0)
        } else {
            head = 1
        }
        return entry
    }

    /// Restores FIFO order among equal times after a refill gathered them, possibly
    /// out of order.
    @usableFromInline mutating func restoreSequenceOrderInBucketZero() {
        let n = buckets.count(0)
        var entries = UnsafeMutableBufferPointer(start: buckets.base(0), count: n)
        let table = order
        let ordered = (1..<n).allSatisfy { table[Int(entries[$0 - 1].slot)].seq < table[Int(entries[$0].slot)].seq }
        if ordered { return }
        entries.sort { table[Int($0.slot)].seq < table[Int($1.slot)].seq }
        for i in 0..<n { slots[Int(entries[i].slot)].link = Int32(truncatingIfNeeded: i) }
    }

    /// Takes the entry at `index` of bucket `b` (not 0) out of the structure.
    @inlinable mutating func remove(bucket b: Int, index i: Int) {
        let removedKey = buckets.entry(b, i).key
        let lastIndex = buckets.count(b) &- 1
        if lastIndex == 0 {
            buckets.removeAll(b)
            return
        }
        if i != lastIndex {
            let moved = buckets.entry(b, lastIndex)
            buckets.setEntry(b, i, moved)
            slots[Int(moved.slot)].link = Int32(truncatingIfNeeded: i)
        }
        buckets.removeLast(b)
        if removedKey == buckets.lowerBound(b) { buckets.markMinimumStale(b) }
    }

    /// Bucket 0 is FIFO, so removal shifts the shorter side by one place.
    @usableFromInline mutating func removeFromBucketZero(index i: Int) {
        let end = buckets.count(0)
        let entries = buckets.base(0)
        if i &- head < end &- 1 &- i {
            var j = i
            while j > head {
                entries[j] = entries[j &- 1]
                slots[Int(entries[j].slot)].link = Int32(truncatingIfNeeded: j)
                j &-= 1
            }
            head &+= 1
        } else {
            var j = i
            while j < end &- 1 {
                entries[j] = entries[j &+ 1]
                slots[Int(entries[j].slot)].link = Int32(truncatingIfNeeded: j)
                j &+= 1
            }
            buckets.removeLast(0)
        }
        if head == buckets.count(0) {
            buckets.removeAll(0)
            head = 0
        }
    }
}

extension EventQueue: Sendable where Payload: Sendable {}

/// One pending event as a bucket stores it; the payload stays in its slot so that
/// refills move 16 bytes whatever the payload type.
@usableFromInline struct RadixEntry: Sendable {
    @usableFromInline var key: UInt64
    @usableFromInline var slot: Int32
    @inlinable init(key: UInt64, slot: Int32) { self.key = key; self.slot = slot }
}

/// The radix heap's buckets: growable buffers of plain entries, each bucket's
/// minimum key (possibly stale after a cancel), and a two-level occupancy bitmap.
///
/// Buckets are indexed by the *digit* (of `digitBits` bits) where a key first
/// differs from `last`: a key whose highest differing digit is at level `l` and
/// has value `d` there goes to bucket `1 + l * digitCount + d`; a key equal to
/// `last` goes to bucket 0. Keys are at least `last`, so index order is key order
/// between buckets. Wide digits mean fewer levels, so an entry moves fewer times
/// before it is popped (in the hold model with 10^5 pending events, about 2 moves
/// per event with 8-bit digits against 8.5 with the classic 1-bit buckets); the
/// price is 2,049 bucket headers, found in O(1) through the bitmap.
///
/// A class holding raw buffers rather than arrays of arrays: nested arrays paid a
/// uniqueness check and a retain per bucket access. `EventQueue` checks uniqueness
/// once per operation and copies when shared, so the queue keeps value semantics.
/// All stored properties are constants (pointers), so no dynamic exclusivity checks
/// apply.
@usableFromInline final class RadixBuckets: @unchecked Sendable {
    @usableFromInline static var digitBits: Int { 8 }
    @usableFromInline static var digitCount: Int { 1 << digitBits }
    @usableFromInline static var levels: Int { UInt64.bitWidth / digitBits }
    @usableFromInline static var bucketCount: Int { 1 + levels * digitCount }
    /// Occupancy words for buckets 1..<bucketCount (bit `b - 1`).
    @usableFromInline static var wordCount: Int { (levels * digitCount) / UInt64.bitWidth }

    @usableFromInline let bases: UnsafeMutablePointer<UnsafeMutablePointer<RadixEntry>>
    @usableFromInline let counts: UnsafeMutablePointer<Int>
    @usableFromInline let capacities: UnsafeMutablePointer<Int>
    /// A lower bound of each bucket's keys (`UInt64.max` when empty), exact unless
    /// `stale`.
    @usableFromInline let minima: UnsafeMutablePointer<UInt64>
    @usableFromInline let stale: UnsafeMutablePointer<Bool>
    /// `occupancy[0]` has bit `w` set when word `occupancy[1 + w]` is non-zero.
    @usableFromInline let occupancy: UnsafeMutablePointer<UInt64>
    /// What empty buckets point at until their first append (never written).
    @usableFromInline let emptyBuffer: UnsafeMutablePointer<RadixEntry>

    @usableFromInline init() {
        let n = Self.bucketCount
        bases = .allocate(capacity: n)
        counts = .allocate(capacity: n)
        capacities = .allocate(capacity: n)
        minima = .allocate(capacity: n)
        stale = .allocate(capacity: n)
        occupancy = .allocate(capacity: 1 + Self.wordCount)
        emptyBuffer = .allocate(capacity: 1)
        bases.initialize(repeating: emptyBuffer, count: n)
        counts.initialize(repeating: 0, count: n)
        capacities.initialize(repeating: 0, count: n)
        minima.initialize(repeating: .max, count: n)
        stale.initialize(repeating: false, count: n)
        occupancy.initialize(repeating: 0, count: 1 + Self.wordCount)
    }

    deinit {
        for b in 0..<Self.bucketCount where capacities[b] > 0 { bases[b].deallocate() }
        bases.deallocate()
        counts.deallocate()
        capacities.deallocate()
        minima.deallocate()
        stale.deallocate()
        occupancy.deallocate()
        emptyBuffer.deallocate()
    }

    @usableFromInline func copy() -> RadixBuckets {
        let other = RadixBuckets()
        for b in 0..<Self.bucketCount where counts[b] > 0 {
            other.reserve(b, capacities[b])
            other.bases[b].initialize(from: bases[b], count: counts[b])
            other.counts[b] = counts[b]
            other.minima[b] = minima[b]
            other.stale[b] = stale[b]
        }
        other.occupancy.update(from: occupancy, count: 1 + Self.wordCount)
        return other
    }

    /// The bucket of `key` (which must be at least `last`).
    @inlinable static func index(of key: UInt64, relativeTo last: UInt64) -> Int {
        let difference = key ^ last
        if difference == 0 { return 0 }
        let highestBit = UInt64.bitWidth &- 1 &- difference.leadingZeroBitCount
        let level = highestBit / digitBits
        let digit = Int(truncatingIfNeeded: key &>> UInt64(level &* digitBits)) & (digitCount &- 1)
        return 1 &+ level &* digitCount &+ digit
    }

    /// The lowest non-empty bucket above 0, or 0 when there is none.
    @inlinable func lowestOccupied() -> Int {
        let summary = occupancy[0]
        if summary == 0 { return 0 }
        let w = summary.trailingZeroBitCount
        return 1 &+ w &* UInt64.bitWidth &+ occupancy[1 &+ w].trailingZeroBitCount
    }

    @inlinable func count(_ b: Int) -> Int { counts[b] }
    @inlinable func base(_ b: Int) -> UnsafeMutablePointer<RadixEntry> { bases[b] }
    @inlinable func entry(_ b: Int, _ i: Int) -> RadixEntry { bases[b][i] }
    @inlinable func setEntry(_ b: Int, _ i: Int, _ entry: RadixEntry) { bases[b][i] = entry }
    @inlinable func lowerBound(_ b: Int) -> UInt64 { minima[b] }

    /// The smallest key in a non-empty bucket, without caching it (so that a
    /// non-mutating query never writes to storage that copies may share).
    @inlinable func exactMinimum(_ b: Int) -> UInt64 {
        stale[b] ? scanMinimum(b) : minima[b]
    }

    /// The smallest key in a non-empty bucket, cached from now on.
    @inlinable func refreshMinimum(_ b: Int) -> UInt64 {
        if stale[b] {
            minima[b] = scanMinimum(b)
            stale[b] = false
        }
        return minima[b]
    }

    @inlinable func markMinimumStale(_ b: Int) { stale[b] = true }

    @inlinable func scanMinimum(_ b: Int) -> UInt64 {
        var smallest = UInt64.max
        let entries = bases[b]
        for i in 0..<counts[b] where entries[i].key < smallest { smallest = entries[i].key }
        return smallest
    }

    /// Appends and returns the entry's index in the bucket.
    @inlinable func append(_ entry: RadixEntry, to b: Int) -> Int32 {
        let n = counts[b]
        if n == capacities[b] { reserve(b, Swift.max(4, n &* 2)) }
        (bases[b] + n).initialize(to: entry)
        counts[b] = n &+ 1
        if b != 0 {
            // Below the bound means below every key: the minimum is exact again.
            if entry.key < minima[b] { minima[b] = entry.key; stale[b] = false }
            if n == 0 {
                let bit = b &- 1
                let w = bit / UInt64.bitWidth
                occupancy[1 &+ w] |= 1 &<< UInt64(bit % UInt64.bitWidth)
                occupancy[0] |= 1 &<< UInt64(w)
            }
        }
        return Int32(truncatingIfNeeded: n)
    }

    /// Drops the last entry of a bucket that keeps at least one entry.
    @inlinable func removeLast(_ b: Int) { counts[b] &-= 1 }

    /// Empties the bucket, keeping its capacity.
    @inlinable func removeAll(_ b: Int) {
        counts[b] = 0
        if b != 0 {
            minima[b] = .max
            stale[b] = false
            let bit = b &- 1
            let w = bit / UInt64.bitWidth
            occupancy[1 &+ w] &= ~(1 &<< UInt64(bit % UInt64.bitWidth))
            if occupancy[1 &+ w] == 0 { occupancy[0] &= ~(1 &<< UInt64(w)) }
            if capacities[b] > Self.retainedCapacity { releaseStorage(b) }
        }
    }

    @usableFromInline static var retainedCapacity: Int { 256 }

    @usableFromInline func releaseStorage(_ b: Int) {
        bases[b].deallocate()
        bases[b] = emptyBuffer
        capacities[b] = 0
    }

    @usableFromInline func reserve(_ b: Int, _ capacity: Int) {
        guard capacity > capacities[b] else { return }
        precondition(capacity <= Int(Int32.max), "too many pending events in one bucket")
        let grown = UnsafeMutablePointer<RadixEntry>.allocate(capacity: capacity)
        grown.moveInitialize(from: bases[b], count: counts[b])
        if capacities[b] > 0 { bases[b].deallocate() }
        bases[b] = grown
        capacities[b] = capacity
    }
}
