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
/// Memory: the per-slot tables are arrays that keep their capacity, and buckets are
/// chains of fixed-size chunks from one recycled pool (see `RadixBuckets`), so a
/// steady state schedules, pops and cancels without allocating, and memory follows
/// the number of pending events, not the length of the run. Refills move 16-byte
/// entries and write only the 8-byte slot table; keys and sequence numbers (read
/// only when cancelling or breaking ties) live apart, as do payloads.
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
        /// While pending: where the entry is — its index in bucket 0, or its address
        /// in the chunk pool for the other buckets (the bucket follows from the key
        /// and `last`). While free: the next free slot, or -1.
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
        if head < buckets.zeroCount { return Self.time(last) }
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
        let entry = RadixEntry(key: key, slot: slot)
        slots[Int(slot)].link = b == 0 ? buckets.appendToZero(entry) : buckets.append(entry, to: b)
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
            remove(bucket: b, address: slots[s].link)
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
        if head < buckets.zeroCount {
            entry = buckets.zeroEntries[head]
            head &+= 1
            if head == buckets.zeroCount {
                buckets.removeAllFromZero()
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

    /// Copy-on-write for the bucket storage (the arrays look after themselves).
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
        var remaining = buckets.count(source)
        if remaining == 1 {
            // The common case with distinct times: no redistribution at all.
            let entry = buckets.entry(at: buckets.firstAddress(source))
            buckets.removeAll(source)
            return entry
        }
        let store = buckets
        slots.withUnsafeMutableBufferPointer { slots in
            var chunk = store.firstChunk(source)
            while remaining > 0 {
                // A chunk's memory never moves, even when appends below add chunks.
                let entries = store.chunkEntries(chunk)
                let filled = Swift.min(remaining, RadixBuckets.chunkSize)
                for i in 0..<filled {
                    let entry = entries[i]
                    let b = RadixBuckets.index(of: entry.key, relativeTo: newLast)
                    slots[Int(entry.slot)].link = b == 0 ? store.appendToZero(entry) : store.append(entry, to: b)
                }
                remaining &-= filled
                chunk = store.chunkAfter(chunk)
            }
        }
        buckets.removeAll(source)
        // Ties are rare; only they need the (cache-missing) sequence numbers.
        if buckets.zeroCount > 1 { restoreSequenceOrderInBucketZero() }
        // Serve the first of the new bucket 0 (it has at least one entry: the minimum).
        let entry = buckets.zeroEntries[0]
        if buckets.zeroCount == 1 {
            buckets.removeAllFromZero()
        } else {
            head = 1
        }
        return entry
    }

    /// Restores FIFO order among equal times after a refill gathered them, possibly
    /// out of order.
    @usableFromInline mutating func restoreSequenceOrderInBucketZero() {
        let n = buckets.zeroCount
        var entries = UnsafeMutableBufferPointer(start: buckets.zeroEntries, count: n)
        let table = order
        let ordered = (1..<n).allSatisfy { table[Int(entries[$0 - 1].slot)].seq < table[Int(entries[$0].slot)].seq }
        if ordered { return }
        entries.sort { table[Int($0.slot)].seq < table[Int($1.slot)].seq }
        for i in 0..<n { slots[Int(entries[i].slot)].link = Int32(truncatingIfNeeded: i) }
    }

    /// Takes the entry at `address` of bucket `b` (not 0) out of the structure: the
    /// bucket's last entry fills the hole.
    @inlinable mutating func remove(bucket b: Int, address: Int32) {
        let removedKey = buckets.entry(at: address).key
        let lastAddress = buckets.lastAddress(b)
        if address != lastAddress {
            let moved = buckets.entry(at: lastAddress)
            buckets.setEntry(at: address, moved)
            slots[Int(moved.slot)].link = address
        }
        buckets.removeLast(b)
        if buckets.count(b) > 0 && removedKey == buckets.lowerBound(b) { buckets.markMinimumStale(b) }
    }

    /// Bucket 0 is FIFO, so removal shifts the shorter side by one place.
    @usableFromInline mutating func removeFromBucketZero(index i: Int) {
        let end = buckets.zeroCount
        let entries = buckets.zeroEntries
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
            buckets.removeLastFromZero()
        }
        if head == buckets.zeroCount {
            buckets.removeAllFromZero()
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

/// The radix heap's buckets.
///
/// Indexing: buckets are numbered by the *digit* (of `digitBits` bits) where a key
/// first differs from `last`: a key whose highest differing digit is at level `l`
/// and has value `d` there goes to bucket `1 + l * digitCount + d`; a key equal to
/// `last` goes to bucket 0. Keys are at least `last`, so index order is key order
/// between buckets. Wide digits mean fewer levels, so an entry moves fewer times
/// before it is popped (in the hold model with 10^5 pending events, about 2 moves
/// per event with 8-bit digits against 8.5 with the classic 1-bit buckets); the
/// price is 2,049 bucket headers, found in O(1) through a two-level occupancy
/// bitmap. Each bucket also keeps a lower bound of its keys, exact unless `stale`.
///
/// Storage: bucket 0 (the events at the current time, served FIFO) is one
/// contiguous buffer. Every other bucket is a doubly linked chain of 64-entry
/// chunks; all its chunks but the last are full, so the last entry's address
/// follows from the count, and removal swaps that entry into the hole. Chunks come
/// from one pool of 4,096-entry slabs that never move and are recycled through a
/// free list: per-bucket buffers that only grew would, over a long run, hold the
/// largest size each of the 2,049 buckets ever reached; chunks hold what is
/// pending now, plus at most one partly filled chunk per non-empty bucket. An
/// entry's address is `chunk * chunkSize + offset`.
///
/// A class holding raw memory rather than arrays: nested arrays paid a uniqueness
/// check and a retain per bucket access. `EventQueue` checks uniqueness once per
/// operation and copies when shared, so the queue keeps value semantics. All stored
/// properties are constants (pointers), so no dynamic exclusivity checks apply; what
/// moves when it grows is reached through `pool`.
@usableFromInline final class RadixBuckets: @unchecked Sendable {
    @usableFromInline static var digitBits: Int { 8 }
    @usableFromInline static var digitCount: Int { 1 << digitBits }
    @usableFromInline static var levels: Int { UInt64.bitWidth / digitBits }
    @usableFromInline static var bucketCount: Int { 1 + levels * digitCount }
    /// Occupancy words for buckets 1..<bucketCount (bit `b - 1`).
    @usableFromInline static var wordCount: Int { (levels * digitCount) / UInt64.bitWidth }
    @usableFromInline static var chunkShift: Int { 6 }
    @usableFromInline static var chunkSize: Int { 1 << chunkShift }
    @usableFromInline static var slabShift: Int { 12 }
    @usableFromInline static var slabSize: Int { 1 << slabShift }
    @usableFromInline static var chunksPerSlab: Int { slabSize / chunkSize }

    /// A bucket above 0: its chunks (-1 when empty) and its number of entries.
    @usableFromInline struct Chain {
        @usableFromInline var first: Int32
        @usableFromInline var last: Int32
        @usableFromInline var count: Int32
        @inlinable init(first: Int32, last: Int32, count: Int32) { self.first = first; self.last = last; self.count = count }
        @inlinable static var empty: Chain { Chain(first: -1, last: -1, count: 0) }
    }

    /// A chunk's neighbours in its bucket's chain; free chunks are linked by `next`.
    @usableFromInline struct Links {
        @usableFromInline var previous: Int32
        @usableFromInline var next: Int32
        @inlinable init(previous: Int32, next: Int32) { self.previous = previous; self.next = next }
    }

    /// Whatever is reallocated when it grows.
    @usableFromInline struct Pool {
        @usableFromInline var zero: UnsafeMutablePointer<RadixEntry>
        @usableFromInline var zeroCount: Int
        @usableFromInline var zeroCapacity: Int
        @usableFromInline var slabs: UnsafeMutablePointer<UnsafeMutablePointer<RadixEntry>>
        @usableFromInline var slabCount: Int
        @usableFromInline var slabCapacity: Int
        /// One per chunk of every slab.
        @usableFromInline var links: UnsafeMutablePointer<Links>
        @usableFromInline var freeChunk: Int32
    }

    @usableFromInline let pool: UnsafeMutablePointer<Pool>
    @usableFromInline let chains: UnsafeMutablePointer<Chain>
    /// A lower bound of each bucket's keys (`UInt64.max` when empty), exact unless
    /// `stale`.
    @usableFromInline let minima: UnsafeMutablePointer<UInt64>
    @usableFromInline let stale: UnsafeMutablePointer<Bool>
    /// `occupancy[0]` has bit `w` set when word `occupancy[1 + w]` is non-zero.
    @usableFromInline let occupancy: UnsafeMutablePointer<UInt64>

    @usableFromInline init() {
        let n = Self.bucketCount
        pool = .allocate(capacity: 1)
        pool.initialize(to: Pool(
            zero: .allocate(capacity: 16), zeroCount: 0, zeroCapacity: 16,
            slabs: .allocate(capacity: 4), slabCount: 0, slabCapacity: 4,
            links: .allocate(capacity: 4 * Self.chunksPerSlab), freeChunk: -1))
        chains = .allocate(capacity: n)
        minima = .allocate(capacity: n)
        stale = .allocate(capacity: n)
        occupancy = .allocate(capacity: 1 + Self.wordCount)
        chains.initialize(repeating: .empty, count: n)
        minima.initialize(repeating: .max, count: n)
        stale.initialize(repeating: false, count: n)
        occupancy.initialize(repeating: 0, count: 1 + Self.wordCount)
    }

    deinit {
        let p = pool.pointee
        p.zero.deallocate()
        for i in 0..<p.slabCount { p.slabs[i].deallocate() }
        p.slabs.deallocate()
        p.links.deallocate()
        pool.deallocate()
        chains.deallocate()
        minima.deallocate()
        stale.deallocate()
        occupancy.deallocate()
    }

    @usableFromInline func copy() -> RadixBuckets {
        let other = RadixBuckets()
        let p = pool.pointee
        other.reserveZero(p.zeroCapacity)
        other.pool.pointee.zero.initialize(from: p.zero, count: p.zeroCount)
        other.pool.pointee.zeroCount = p.zeroCount
        while other.pool.pointee.slabCount < p.slabCount { other.addSlab() }
        for i in 0..<p.slabCount {
            // Slabs are copied whole: entries are plain bytes, free parts included.
            UnsafeMutableRawPointer(other.pool.pointee.slabs[i])
                .copyMemory(from: p.slabs[i], byteCount: Self.slabSize * MemoryLayout<RadixEntry>.stride)
        }
        other.pool.pointee.links.update(from: p.links, count: p.slabCount * Self.chunksPerSlab)
        other.pool.pointee.freeChunk = p.freeChunk
        let n = Self.bucketCount
        other.chains.update(from: chains, count: n)
        other.minima.update(from: minima, count: n)
        other.stale.update(from: stale, count: n)
        other.occupancy.update(from: occupancy, count: 1 + Self.wordCount)
        return other
    }

    // MARK: Indexing

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

    @inlinable func setOccupied(_ b: Int) {
        let bit = b &- 1
        let w = bit / UInt64.bitWidth
        occupancy[1 &+ w] |= 1 &<< UInt64(bit % UInt64.bitWidth)
        occupancy[0] |= 1 &<< UInt64(w)
    }

    @inlinable func setEmpty(_ b: Int) {
        chains[b] = .empty
        minima[b] = .max
        stale[b] = false
        let bit = b &- 1
        let w = bit / UInt64.bitWidth
        occupancy[1 &+ w] &= ~(1 &<< UInt64(bit % UInt64.bitWidth))
        if occupancy[1 &+ w] == 0 { occupancy[0] &= ~(1 &<< UInt64(w)) }
    }

    // MARK: Bucket 0

    @inlinable var zeroCount: Int { pool.pointee.zeroCount }
    @inlinable var zeroEntries: UnsafeMutablePointer<RadixEntry> { pool.pointee.zero }

    /// Appends to bucket 0 and returns the entry's index there.
    @inlinable func appendToZero(_ entry: RadixEntry) -> Int32 {
        let n = pool.pointee.zeroCount
        if n == pool.pointee.zeroCapacity { reserveZero(n &* 2) }
        (pool.pointee.zero + n).initialize(to: entry)
        pool.pointee.zeroCount = n &+ 1
        return Int32(truncatingIfNeeded: n)
    }

    @inlinable func removeLastFromZero() { pool.pointee.zeroCount &-= 1 }
    @inlinable func removeAllFromZero() { pool.pointee.zeroCount = 0 }

    /// Bucket 0 only ever holds events at one time, so its capacity is bounded by
    /// the most events ever pending at once; it is kept.
    @usableFromInline func reserveZero(_ capacity: Int) {
        guard capacity > pool.pointee.zeroCapacity else { return }
        precondition(capacity <= Int(Int32.max), "too many pending events at one time")
        let grown = UnsafeMutablePointer<RadixEntry>.allocate(capacity: capacity)
        grown.moveInitialize(from: pool.pointee.zero, count: pool.pointee.zeroCount)
        pool.pointee.zero.deallocate()
        pool.pointee.zero = grown
        pool.pointee.zeroCapacity = capacity
    }

    // MARK: Chained buckets (above 0)

    @inlinable func count(_ b: Int) -> Int { Int(chains[b].count) }

    @inlinable func pointer(_ address: Int32) -> UnsafeMutablePointer<RadixEntry> {
        let a = Int(address)
        return pool.pointee.slabs[a &>> Self.slabShift] + (a & (Self.slabSize &- 1))
    }

    @inlinable func entry(at address: Int32) -> RadixEntry { pointer(address).pointee }
    @inlinable func setEntry(at address: Int32, _ entry: RadixEntry) { pointer(address).pointee = entry }

    @inlinable func firstChunk(_ b: Int) -> Int32 { chains[b].first }
    @inlinable func chunkAfter(_ chunk: Int32) -> Int32 { pool.pointee.links[Int(chunk)].next }
    @inlinable func chunkEntries(_ chunk: Int32) -> UnsafeMutablePointer<RadixEntry> {
        pointer(chunk &<< Int32(Self.chunkShift))
    }

    @inlinable func firstAddress(_ b: Int) -> Int32 { chains[b].first &<< Int32(Self.chunkShift) }

    /// The address of a non-empty bucket's last entry.
    @inlinable func lastAddress(_ b: Int) -> Int32 {
        let chain = chains[b]
        return chain.last &<< Int32(Self.chunkShift) | ((chain.count &- 1) & Int32(Self.chunkSize &- 1))
    }

    /// Appends to bucket `b` (not 0) and returns the entry's address.
    @inlinable func append(_ entry: RadixEntry, to b: Int) -> Int32 {
        var chain = chains[b]
        let offset = chain.count & Int32(Self.chunkSize &- 1)
        if offset == 0 {
            // The last chunk is full, or there is none: link a fresh one.
            let chunk = takeChunk()
            pool.pointee.links[Int(chunk)] = Links(previous: chain.last, next: -1)
            if chain.last >= 0 {
                pool.pointee.links[Int(chain.last)].next = chunk
            } else {
                chain.first = chunk
                setOccupied(b)
            }
            chain.last = chunk
        }
        let address = chain.last &<< Int32(Self.chunkShift) | offset
        pointer(address).initialize(to: entry)
        chain.count &+= 1
        chains[b] = chain
        // Below the bound means below every key: the minimum is exact again.
        if entry.key < minima[b] { minima[b] = entry.key; stale[b] = false }
        return address
    }

    /// Drops a non-empty bucket's last entry, returning a chunk it empties to the pool.
    @inlinable func removeLast(_ b: Int) {
        var chain = chains[b]
        chain.count &-= 1
        if chain.count == 0 {
            releaseChunks(first: chain.first, last: chain.last)
            setEmpty(b)
            return
        }
        if chain.count & Int32(Self.chunkSize &- 1) == 0 {
            let emptied = chain.last
            chain.last = pool.pointee.links[Int(emptied)].previous
            pool.pointee.links[Int(chain.last)].next = -1
            releaseChunks(first: emptied, last: emptied)
        }
        chains[b] = chain
    }

    /// Empties a bucket, returning all its chunks to the pool at once.
    @inlinable func removeAll(_ b: Int) {
        let chain = chains[b]
        if chain.count > 0 { releaseChunks(first: chain.first, last: chain.last) }
        setEmpty(b)
    }

    @inlinable func takeChunk() -> Int32 {
        if pool.pointee.freeChunk < 0 { addSlab() }
        let chunk = pool.pointee.freeChunk
        pool.pointee.freeChunk = pool.pointee.links[Int(chunk)].next
        return chunk
    }

    /// Puts a linked run of chunks at the front of the free list (most recently used
    /// first, so that they are reused while still in cache).
    @inlinable func releaseChunks(first: Int32, last: Int32) {
        pool.pointee.links[Int(last)].next = pool.pointee.freeChunk
        pool.pointee.freeChunk = first
    }

    /// Adds a slab of free chunks (slabs never move; only the directory does).
    @usableFromInline func addSlab() {
        var p = pool.pointee
        if p.slabCount == p.slabCapacity {
            let capacity = p.slabCapacity * 2
            let slabs = UnsafeMutablePointer<UnsafeMutablePointer<RadixEntry>>.allocate(capacity: capacity)
            slabs.moveInitialize(from: p.slabs, count: p.slabCount)
            p.slabs.deallocate()
            let links = UnsafeMutablePointer<Links>.allocate(capacity: capacity * Self.chunksPerSlab)
            links.moveInitialize(from: p.links, count: p.slabCount * Self.chunksPerSlab)
            p.links.deallocate()
            p.slabs = slabs
            p.links = links
            p.slabCapacity = capacity
        }
        precondition((p.slabCount + 1) * Self.slabSize <= Int(Int32.max), "too many pending events")
        p.slabs[p.slabCount] = .allocate(capacity: Self.slabSize)
        let firstChunk = p.slabCount * Self.chunksPerSlab
        for c in firstChunk..<(firstChunk + Self.chunksPerSlab) {
            let next = c + 1 < firstChunk + Self.chunksPerSlab ? Int32(c + 1) : p.freeChunk
            (p.links + c).initialize(to: Links(previous: -1, next: next))
        }
        p.freeChunk = Int32(firstChunk)
        p.slabCount += 1
        pool.pointee = p
    }

    /// Entries the chunk pool can hold (for tests of memory use).
    @usableFromInline var pooledCapacity: Int { pool.pointee.slabCount * Self.slabSize }

    // MARK: Minima

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
        var remaining = count(b)
        var chunk = firstChunk(b)
        while remaining > 0 {
            let entries = chunkEntries(chunk)
            let filled = Swift.min(remaining, Self.chunkSize)
            for i in 0..<filled where entries[i].key < smallest { smallest = entries[i].key }
            remaining &-= filled
            chunk = chunkAfter(chunk)
        }
        return smallest
    }
}
