/// The maximum of the values recorded over the last `slots` time slots: how Knative
/// delays scale-down decisions (pkg/autoscaler/aggregation/max/timewindow.go and
/// window.go).
///
/// A slot is `granularity` wide (the 2 s decider tick) and is keyed by whole seconds
/// divided by the granularity in seconds, as Knative keys it by `unix_seconds / 2`.
/// Several values in one slot keep their maximum. A decrease therefore shows only after
/// every larger value has left the window.
///
/// Kept as a monotonic queue: indices ascending, values strictly descending, so the
/// front is the maximum. Storage is a fixed ring allocated in `init`.
public struct ScaleDownDelayWindow: Sendable {
    private struct Entry: Sendable {
        var index: Int64
        var value: Int32
    }

    /// Number of slots: ceil(delay / granularity), in float64 as Go computes it.
    public let slots: Int
    public let granularity: Int64
    private var ring: [Entry]
    private var first = 0
    private var count = 0

    /// - Parameters:
    ///   - delay: the scale-down delay in nanoseconds (> 0).
    ///   - granularity: slot width in nanoseconds, whole seconds (Knative: the 2 s tick).
    public init(delay: Int64, granularity: Int64 = KPATiming.tickInterval) {
        precondition(delay > 0, "a delay window exists only for a positive delay")
        precondition(granularity > 0 && granularity % KPATiming.nanosecondsPerSecond == 0)
        slots = Int((Double(delay) / Double(granularity)).rounded(.up))
        self.granularity = granularity
        ring = [Entry](repeating: Entry(index: 0, value: 0), count: slots)
    }

    /// Records `value` for the time `now` (nanoseconds).
    public mutating func record(at now: Int64, value: Int32) {
        let seconds = GoNumerics.floorDiv(now, KPATiming.nanosecondsPerSecond)
        record(index: seconds / (granularity / KPATiming.nanosecondsPerSecond), value: value)
    }

    /// Records `value` for slot `index`; indices must not decrease.
    public mutating func record(index: Int64, value: Int32) {
        var value = value
        // A newer, at-least-as-large value makes smaller older ones irrelevant forever.
        while count > 0 && value >= ring[position(count - 1)].value {
            count -= 1
        }
        // Drop entries that have slid out of the window.
        while count > 0 && index - ring[first].index >= Int64(slots) {
            first = (first + 1) % slots
            count -= 1
        }
        // Same slot recorded twice: keep the larger value.
        if count > 0 {
            let last = ring[position(count - 1)]
            if last.index == index {
                value = max(value, last.value)
                count -= 1
            }
        }
        precondition(count < slots, "slot indices went backwards")
        ring[position(count)] = Entry(index: index, value: value)
        count += 1
    }

    /// The maximum over the window (the last value recorded if nothing else is larger).
    public var current: Int32 {
        precondition(count > 0, "read before the first record")
        return ring[first].value
    }

    @inline(__always)
    private func position(_ offset: Int) -> Int { (first + offset) % slots }
}
