import Engine

/// Processor sharing in one pod, exactly: the n requests in service each progress at
/// rate min(1, limit / n) cores. Rather than updating every request's remaining work
/// whenever n changes, the pod keeps one "virtual time" — the work (in core-seconds)
/// each request in service has received since the pod's last idle moment — and each
/// request its finishing tag, virtual time at its start plus its work. The request with
/// the smallest tag finishes first, when virtual time reaches it; so the pod needs one
/// pending completion event, rescheduled (the old one cancelled) whenever n changes.
///
/// The tags live in a binary min-heap whose storage is kept when the pod's slot is
/// reused, so a busy run allocates nothing per request.
struct ProcessorSharing {
    struct Job {
        var tag: Double
        var request: Int32
    }

    private(set) var jobs: [Job] = []
    /// Work each request in service has received since the pod was last idle, in
    /// core-seconds. Restarted at 0 when the pod empties, to keep precision.
    private(set) var virtualTime = 0.0
    private var lastUpdate: Int64 = 0
    /// The pending completion event of the pod, if any.
    var timer: TimerHandle?

    /// Tags within this much of the virtual time count as reached: the completion
    /// event is rounded to the nanosecond, so virtual time may stop a hair short.
    static let tolerance = 1e-9

    static func rate(inService n: Int, limit: Double) -> Double {
        n == 0 ? 0 : min(1, limit / Double(n))
    }

    /// Brings virtual time to `now` at the current rate.
    mutating func advance(to now: Int64, limit: Double) {
        if !jobs.isEmpty {
            virtualTime += Self.rate(inService: jobs.count, limit: limit) * Double(now - lastUpdate) / 1e9
        }
        lastUpdate = now
    }

    /// A request starts with `work` core-seconds to do. Call `advance` first.
    mutating func add(request: Int32, work: Double) {
        if jobs.isEmpty { virtualTime = 0 }
        jobs.append(Job(tag: virtualTime + work, request: request))
        siftUp(jobs.count - 1)
    }

    /// Nanoseconds from the last `advance` until the first request finishes, at the
    /// current rate; nil when idle.
    func nanosecondsToNextCompletion(limit: Double) -> Int64? {
        guard let first = jobs.first else { return nil }
        let remaining = max(0, first.tag - virtualTime)
        return Int64((remaining / Self.rate(inService: jobs.count, limit: limit) * 1e9).rounded())
    }

    /// Removes the requests whose work is done (call `advance` first), appending them
    /// to `finished` in finishing order.
    mutating func popFinished(into finished: inout [Int32]) {
        while let first = jobs.first, first.tag <= virtualTime + Self.tolerance {
            finished.append(first.request)
            let last = jobs.removeLast()
            if !jobs.isEmpty {
                jobs[0] = last
                siftDown(0)
            }
        }
    }

    /// Forgets every request (the pod is gone); keeps the heap's storage.
    mutating func reset() {
        jobs.removeAll(keepingCapacity: true)
        virtualTime = 0
        lastUpdate = 0
        timer = nil
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard jobs[child].tag < jobs[parent].tag else { return }
            jobs.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < jobs.count && jobs[left].tag < jobs[smallest].tag { smallest = left }
            if right < jobs.count && jobs[right].tag < jobs[smallest].tag { smallest = right }
            if smallest == parent { return }
            jobs.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
