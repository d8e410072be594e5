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
