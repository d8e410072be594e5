import Engine

/// A rate that changes over the run, in steps and linear ramps. Arrivals are
/// Poisson at the rate in effect (a non-homogeneous Poisson process).
///
/// Before the first segment the rate is 0. A step holds its rate until the next
/// segment; a ramp goes linearly from `from` to `to` over `over` and then holds
/// `to` until the next segment.
public struct RateSchedule: Sendable, Equatable {
    public enum Segment: Sendable, Equatable {
        /// From `at`, `rate` requests per second.
        case step(at: SimDuration, rate: Double)
        /// From `at`, linearly from `from` to `to` requests per second over `over`.
        case ramp(at: SimDuration, from: Double, to: Double, over: SimDuration)

        public var at: SimDuration {
            switch self {
            case .step(let at, _), .ramp(let at, _, _, _): return at
            }
        }

        /// The rate the segment ends at (and holds).
        public var finalRate: Double {
            switch self {
            case .step(_, let rate): return rate
            case .ramp(_, _, let to, _): return to
            }
        }
    }

    /// In time order, at least one.
    public var segments: [Segment]

    public init(segments: [Segment]) { self.segments = segments }

    /// The rate in effect at `time` since the start of the run.
    public func rate(at time: SimDuration) -> Double {
        guard let segment = segments.last(where: { $0.at <= time }) else { return 0 }
        switch segment {
        case .step(_, let rate):
            return rate
        case .ramp(let at, let from, let to, let over):
            let elapsed = (time.seconds - at.seconds) / over.seconds
            return elapsed >= 1 ? to : from + (to - from) * elapsed
        }
    }

    static let segmentKeys = ["at", "rate", "from", "to", "over"]

    init(decoding reader: NodeReader, duration: SimDuration) throws(ScenarioError) {
        let items = try reader.sequence("must be a list of segments such as {at: 0s, rate: 10} or {at: 5m, to: 50, over: 2m}")
        guard !items.isEmpty else { throw reader.error("must hold at least one segment") }
        segments = []
        var ramps: [NodeReader] = []
        for item in items {
            var fields = try item.mapping(keys: Self.segmentKeys)
            let atField = try fields.required("at")
            let at = try atField.duration("must be before the end of the run (\(DurationSyntax.format(duration)))") { $0 < duration }
            if let previous = segments.last, at <= previous.at {
                throw atField.error("must be later than the previous segment's at (\(DurationSyntax.format(previous.at))), got \(atField.described)")
            }
            if let previous = segments.last, case .ramp(let start, _, _, let over) = previous, start + over > at {
                throw atField.error("must not fall inside the previous ramp, which ends at \(DurationSyntax.format(start + over)), got \(atField.described)")
            }
            let rateText = "must be a number of requests per second, 0 or more"
            let rampKeys = ["from", "to", "over"].filter(fields.contains)
            if let rateField = fields.optional("rate") {
                fields.considered(["from", "to", "over"])
                if let key = rampKeys.first {
                    throw ScenarioError(at: fields.keyLocation(key) ?? item.location, path: item.path.appending(key: key).description,
                                        message: "cannot be combined with rate (a segment is a step {at, rate} or a ramp {at, from, to, over})")
                }
                segments.append(.step(at: at, rate: try rateField.number(rateText) { $0 >= 0 }))
            } else if !rampKeys.isEmpty {
                let from = try fields.optional("from")?.number(rateText) { $0 >= 0 } ?? segments.last?.finalRate ?? 0
                let to = try fields.required("to").number(rateText) { $0 >= 0 }
                let over = try fields.required("over").duration("must be longer than 0") { $0 > .zero }
                segments.append(.ramp(at: at, from: from, to: to, over: over))
                ramps.append(item)
            } else {
                throw ScenarioError(at: item.location, path: item.path.appending(key: "rate").description,
                                    message: "is required (a segment is a step {at, rate} or a ramp {at, from, to, over})")
            }
            fields.finish()
        }
        let rates = segments.flatMap { segment -> [Double] in
            if case .ramp(_, let from, let to, _) = segment { return [from, to] }
            return [segment.finalRate]
        }
        guard rates.contains(where: { $0 > 0 }) else {
            throw reader.error("every rate is 0, so no request would arrive")
        }
    }
}
