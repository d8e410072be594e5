/// One input row of a replay: what the autoscaler saw during second `time`.
public struct ReplayObservation: Sendable, Equatable {
    /// Whole seconds since the start (0, 1, 2, …; gaps allowed).
    public var time: Int64
    public var readyPods: Int
    /// The revision's aggregated concurrency for that second (after sampling).
    public var concurrency: Double
    /// The revision's aggregated requests per second for that second.
    public var rps: Double

    public init(time: Int64, readyPods: Int, concurrency: Double, rps: Double) {
        self.time = time
        self.readyPods = readyPods
        self.concurrency = concurrency
        self.rps = rps
    }
}

/// One output row of a replay: the state after a decision at second `time`.
public struct ReplayDecision: Sendable, Equatable {
    public var time: Int64
    /// The policy's desired scale with min-scale and max-scale applied; −1 while no
    /// valid decision exists yet.
    public var desiredPods: Int32
    public var inPanic: Bool
    public var excessBurstCapacity: Int32
    /// The window values the decision used (0 on an invalid decision).
    public var stableValue: Double
    public var panicValue: Double

    public init(time: Int64, desiredPods: Int32, inPanic: Bool, excessBurstCapacity: Int32,
                stableValue: Double, panicValue: Double) {
        self.time = time
        self.desiredPods = desiredPods
        self.inPanic = inPanic
        self.excessBurstCapacity = excessBurstCapacity
        self.stableValue = stableValue
        self.panicValue = panicValue
    }
}

/// Replays a per-second observation log through a policy with the fixed alignment of
/// `knsim autoscaler replay` (shared/reference/knative-kpa.md, section 10). In Knative
/// the 1 s scrape and the 2 s decision tickers run at unrelated phases; a replay fixes
/// one alignment so the decisions are reproducible:
///
/// * The policy is created at t = 0 with the ready pods of the first row (which also
///   stand for any seconds before the first row).
/// * Second t's row is recorded before any decision at t, unless ready pods,
///   concurrency and rps are all 0 (no pods to scrape and an idle activator send
///   nothing). A missing second records nothing; ready pods carry over.
/// * Each recorded row counts as a pushed report, so the KPA's poke rule applies: a
///   recorded row with concurrency ≠ 0 while the desired scale is 0 triggers a decision
///   at that second. At even seconds it merges with the tick.
/// * Decisions happen every `decisionInterval` of the policy, in whole seconds rounded
///   up (KPA: t = 2, 4, 6, …; HPA: t = 15, 30, …), up to the last row's time, plus the
///   pokes.
/// * Each decision gives one output row: the status after it, with min/max-scale
///   applied (−1 before the first valid decision); an invalid decision leaves desired
///   scale and excess burst capacity unchanged and reports values of 0.
public enum PolicyReplay {
    /// Runs the replay. `makePolicy` receives the first row's ready pods and the creation
    /// time 0; `bounds` applies min/max-scale to a desired scale ≥ 0.
    /// Observations must have strictly increasing, non-negative times (`ReplayCSV`
    /// checks this when it parses).
    public static func run<Policy: ScalingPolicy>(
        _ observations: [ReplayObservation],
        makePolicy: (_ readyPods: Int, _ createdAt: Int64) -> Policy,
        bounds: (Int32) -> Int32
    ) -> [ReplayDecision] {
        guard let first = observations.first, let last = observations.last else { return [] }
        var policy = makePolicy(first.readyPods, 0)
        let second = KPATiming.nanosecondsPerSecond
        let tickEvery = max(1, (policy.decisionInterval + second - 1) / second)
        var decisions: [ReplayDecision] = []
        decisions.reserveCapacity(Int(last.time / tickEvery) + 1)
        var readyPods = first.readyPods
        var next = 0
        var t: Int64 = 0
        while t <= last.time {
            let now = t * second
            var poke = false
            if next < observations.count && observations[next].time == t {
                let row = observations[next]
                next += 1
                readyPods = row.readyPods
                if !(row.readyPods == 0 && row.concurrency == 0 && row.rps == 0) {
                    let sample = MetricSample(concurrency: row.concurrency, rps: row.rps, source: .push)
                    poke = policy.record(sample, at: now)
                }
            }
            let tick = t > 0 && t % tickEvery == 0
            if tick || poke {
                let decision = policy.decide(at: now, readyPods: readyPods)
                let status = policy.status
                decisions.append(ReplayDecision(
                    time: t,
                    desiredPods: status.desiredScale < 0 ? -1 : bounds(status.desiredScale),
                    inPanic: decision.inPanic,
                    excessBurstCapacity: status.excessBurstCapacity,
                    stableValue: decision.valid ? decision.stableValue : 0,
                    panicValue: decision.valid ? decision.panicValue : 0))
            }
            t += 1
        }
        return decisions
    }
}

/// The KPA replay of `knsim autoscaler replay --policy kpa`.
public enum KPAReplay {
    /// Replays `observations` through a `KPAPolicy` with `spec`.
    public static func run(spec: DeciderSpec, observations: [ReplayObservation]) -> [ReplayDecision] {
        PolicyReplay.run(
            observations,
            makePolicy: { readyPods, createdAt in KPAPolicy(spec: spec, createdAt: createdAt, readyPods: readyPods) },
            bounds: spec.applyingBounds)
    }

    /// The whole replay on text: settings as flat `(key, value)` pairs (see
    /// `AutoscalingSettings.init(pairs:)`), the observation CSV in, the decision CSV out.
    public static func run<S: Sequence>(settings pairs: S, observationsCSV: String,
                                        fileName: String = "input") throws -> String
    where S.Element == (key: String, value: String) {
        let spec = try AutoscalingSettings(pairs: pairs).deciderSpec()
        let observations = try ReplayCSV.parseObservations(observationsCSV, fileName: fileName)
        return ReplayCSV.format(run(spec: spec, observations: observations))
    }
}
