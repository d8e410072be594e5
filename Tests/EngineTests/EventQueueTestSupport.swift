@testable import Engine

/// SplitMix64: a tiny seeded generator, so every randomized test replays exactly.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// The obviously correct queue the real one is checked against: an array kept
/// sorted by (time, insertion sequence), popped from the front.
struct ModelQueue {
    struct Item { var time: Int64; var seq: Int; var payload: Int }
    private(set) var items: [Item] = []
    private var nextSeq = 0

    var count: Int { items.count }
    var nextTime: Int64? { items.first?.time }

    /// Returns the new event's sequence number, which names it in `cancel`.
    mutating func schedule(_ payload: Int, at time: Int64) -> Int {
        defer { nextSeq += 1 }
        // The newest sequence number is the largest, so it goes after every equal time.
        var low = 0, high = items.count
        while low < high {
            let mid = (low + high) / 2
            if items[mid].time <= time { low = mid + 1 } else { high = mid }
        }
        items.insert(Item(time: time, seq: nextSeq, payload: payload), at: low)
        return nextSeq
    }

    mutating func cancel(_ seq: Int) -> Bool {
        guard let i = items.firstIndex(where: { $0.seq == seq }) else { return false }
        items.remove(at: i)
        return true
    }

    func isPending(_ seq: Int) -> Bool { items.contains { $0.seq == seq } }

    mutating func popNext() -> (time: Int64, payload: Int)? {
        guard !items.isEmpty else { return nil }
        let item = items.removeFirst()
        return (item.time, item.payload)
    }
}

/// Applies `steps` random schedules (narrow spread, so chunks fill and empty),
/// pops and cancels to both queues; returns how many results disagreed.
func exerciseTogether(
    _ queue: inout EventQueue<Int>, _ model: inout ModelQueue,
    issued: inout [(handle: TimerHandle, seq: Int)], random: inout SplitMix64, steps: Int
) -> Int {
    var mismatches = 0
    var base = model.nextTime ?? 0
    for _ in 0..<steps {
        let roll = Int.random(in: 0..<10, using: &random)
        if roll < 5 {
            let time = base + Int64.random(in: 0..<5_000, using: &random)
            issued.append((queue.schedule(issued.count, at: SimTime(nanoseconds: time)), model.schedule(issued.count, at: time)))
        } else if roll < 8 {
            let actual = queue.popNext(), expected = model.popNext()
            if actual?.time.nanoseconds != expected?.time || actual?.payload != expected?.payload { mismatches += 1 }
            if let expected { base = expected.time }
        } else if !issued.isEmpty {
            let pick = issued[Int.random(in: 0..<issued.count, using: &random)]
            if queue.cancel(pick.handle) != model.cancel(pick.seq) { mismatches += 1 }
        }
        if queue.count != model.count || queue.nextTime?.nanoseconds != model.nextTime { mismatches += 1 }
    }
    return mismatches
}

extension EventQueue {
    /// Everything the structure promises internally, checked the slow way; empty
    /// when all holds. Complements the model tests, which see only the outside.
    func invariantViolations() -> [String] {
        var problems: [String] = []
        let b0 = buckets
        let chunkSize = RadixBuckets.chunkSize
        let totalChunks = b0.pool.pointee.slabCount * RadixBuckets.chunksPerSlab
        var owner = [Int](repeating: -2, count: totalChunks)  // -2 unseen, -1 free, else bucket

        var chunk = b0.pool.pointee.freeChunk
        while chunk >= 0 && problems.count < 10 {
            if owner[Int(chunk)] != -2 { problems.append("free list revisits chunk \(chunk)"); break }
            owner[Int(chunk)] = -1
            chunk = b0.pool.pointee.links[Int(chunk)].next
        }

        var live = b0.zeroCount - head
        for i in head..<b0.zeroCount {
            let e = b0.zeroEntries[i]
            if e.key != last { problems.append("bucket 0 holds key \(e.key), last is \(last)") }
            if slots[Int(e.slot)].link != Int32(i) { problems.append("slot \(e.slot) says \(slots[Int(e.slot)].link), is at 0/\(i)") }
        }
        for b in 1..<RadixBuckets.bucketCount {
            let chain = b0.chains[b]
            let word = b0.occupancy[1 + (b - 1) / 64]
            let occupied = word & (1 << UInt64((b - 1) % 64)) != 0
            if occupied != (chain.count > 0) { problems.append("occupancy of bucket \(b) wrong") }
            if chain.count == 0 {
                if chain.first != -1 || chain.last != -1 { problems.append("empty bucket \(b) keeps chunks") }
                continue
            }
            live += Int(chain.count)
            var remaining = Int(chain.count)
            var current = chain.first, previous: Int32 = -1
            var smallest = UInt64.max
            while remaining > 0 {
                guard current >= 0 else { problems.append("bucket \(b) chain too short"); break }
                if owner[Int(current)] != -2 { problems.append("chunk \(current) in bucket \(b) also elsewhere") }
                owner[Int(current)] = b
                if b0.pool.pointee.links[Int(current)].previous != previous { problems.append("bucket \(b) back link broken") }
                let filled = Swift.min(remaining, chunkSize)
                if filled < chunkSize && current != chain.last { problems.append("bucket \(b) part-filled chunk not last") }
                for i in 0..<filled {
                    let address = current << Int32(RadixBuckets.chunkShift) | Int32(i)
                    let e = b0.entry(at: address)
                    smallest = Swift.min(smallest, e.key)
                    if RadixBuckets.index(of: e.key, relativeTo: last) != b { problems.append("key \(e.key) in wrong bucket \(b)") }
                    if slots[Int(e.slot)].link != address { problems.append("slot \(e.slot) link wrong") }
                    if order[Int(e.slot)].key != e.key { problems.append("slot \(e.slot) key wrong") }
                }
                remaining -= filled
                previous = current
                if remaining > 0 { current = b0.pool.pointee.links[Int(current)].next }
            }
            if current != chain.last { problems.append("bucket \(b) last chunk wrong") }
            if b0.minima[b] > smallest || (!b0.stale[b] && b0.minima[b] != smallest) {
                problems.append("bucket \(b) minimum \(b0.minima[b]) vs \(smallest), stale \(b0.stale[b])")
            }
        }
        if let lost = owner.firstIndex(of: -2) { problems.append("chunk \(lost) neither free nor in a bucket") }
        if live != count { problems.append("\(live) entries, count says \(count)") }
        return Array(problems.prefix(10))
    }
}
