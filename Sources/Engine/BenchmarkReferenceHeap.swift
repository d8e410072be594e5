/// The original event queue — a binary heap with a slot table — kept only so that
/// the benchmark can show what the radix heap buys. Same API and the same total
/// order (time, then insertion sequence) as `EventQueue`; not used by simulations.
struct ReferenceBinaryHeap<Payload> {
    struct Entry {
        var time: Int64
        var seq: UInt64
        var slot: Int32
        var payload: Payload
    }
    var heap: [Entry] = []
    /// Position in `heap` of each slot's entry, or -1 when the slot is free.
    var position: [Int32] = []
    var generation: [UInt32] = []
    var freeSlots: [Int32] = []
    var nextSeq: UInt64 = 0

    init() {}

    var count: Int { heap.count }

    @discardableResult
    mutating func schedule(_ payload: Payload, at time: SimTime) -> TimerHandle {
        let slot: Int32
        if let free = freeSlots.popLast() { slot = free } else {
            slot = Int32(position.count); position.append(-1); generation.append(0)
        }
        heap.append(Entry(time: time.nanoseconds, seq: nextSeq, slot: slot, payload: payload))
        nextSeq &+= 1
        position[Int(slot)] = Int32(heap.count - 1)
        siftUp(heap.count - 1)
        return TimerHandle(slot: slot, generation: generation[Int(slot)])
    }

    @discardableResult
    mutating func cancel(_ handle: TimerHandle) -> Bool {
        let s = Int(handle.slot)
        guard s < position.count, generation[s] == handle.generation, position[s] >= 0 else { return false }
        let i = Int(position[s])
        release(slot: handle.slot)
        let last = heap.count - 1
        if i != last {
            heap.swapAt(i, last)
            position[Int(heap[i].slot)] = Int32(i)
            heap.removeLast()
            siftDown(i); siftUp(i)
        } else {
            heap.removeLast()
        }
        return true
    }

    mutating func popNext() -> (time: SimTime, payload: Payload)? {
        guard !heap.isEmpty else { return nil }
        let top = heap[0]
        release(slot: top.slot)
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            position[Int(last.slot)] = 0
            siftDown(0)
        }
        return (SimTime(nanoseconds: top.time), top.payload)
    }

    private mutating func release(slot: Int32) {
        position[Int(slot)] = -1
        generation[Int(slot)] &+= 1
        freeSlots.append(slot)
    }

    private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        a.time != b.time ? a.time < b.time : a.seq < b.seq
    }

    private mutating func siftUp(_ start: Int) {
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            guard Self.precedes(heap[i], heap[parent]) else { break }
            heap.swapAt(i, parent)
            position[Int(heap[i].slot)] = Int32(i)
            position[Int(heap[parent].slot)] = Int32(parent)
            i = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = heap.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n && Self.precedes(heap[l], heap[m]) { m = l }
            if r < n && Self.precedes(heap[r], heap[m]) { m = r }
            if m == i { return }
            heap.swapAt(i, m)
            position[Int(heap[i].slot)] = Int32(i)
            position[Int(heap[m].slot)] = Int32(m)
            i = m
        }
    }
}
