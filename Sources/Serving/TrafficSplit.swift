import Engine

/// A service's traffic split: which revision each request goes to, by the revisions'
/// percentages (Knative's `traffic` block). Shared by every model and by real mode's ingress.
public struct TrafficSplit: Sendable {
    /// The revisions' indices in the model, in the service's order.
    public let revisions: [Int32]
    /// Cumulative shares in [0, 1]; the last is exactly 1 so rounding never leaves a
    /// sliver of traffic unassigned.
    private var cumulative: [Double]

    public init(revisions: [Int32], percents: [Double]) {
        self.revisions = revisions
        cumulative = []
        setPercents(percents)
    }

    /// New percentages, in the same order as `revisions` (a canary step).
    public mutating func setPercents(_ percents: [Double]) {
        cumulative.removeAll(keepingCapacity: true)
        var total = 0.0
        for percent in percents {
            total += percent / 100
            cumulative.append(total)
        }
        if let last = cumulative.indices.last, total > 0 { cumulative[last] = 1 }
    }

    /// The revision for the next request. A single revision takes no draw, so adding a
    /// second revision is the only thing that starts consuming the routing stream.
    public func choose(using stream: RandomStream) -> Int {
        if revisions.count == 1 { return Int(revisions[0]) }
        let u = stream.uniform()
        for i in cumulative.indices where u < cumulative[i] { return Int(revisions[i]) }
        return Int(revisions[revisions.count - 1])
    }
}
