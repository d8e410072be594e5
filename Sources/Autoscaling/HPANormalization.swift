/// A replica count the HPA recommended at a time (`timestampedRecommendation`).
public struct HPARecommendation: Sendable, Equatable {
    public var replicas: Int32
    public var time: Int64

    public init(replicas: Int32, time: Int64) {
        self.replicas = replicas
        self.time = time
    }
}

/// A scaling the HPA applied (`timestampedScaleEvent`): `change` pods added (in the
/// scale-up list) or removed (in the scale-down list), always ≥ 0.
public struct HPAScaleEvent: Sendable, Equatable {
    public var change: Int32
    public var time: Int64

    public init(change: Int32, time: Int64) {
        self.change = change
        self.time = time
    }
}

/// How the HPA turns a metric proposal into the replicas it applies: stabilization over
/// recent recommendations, then rate limits and min/max. Pure functions over the recorded
/// recommendations and scale events; source: horizontal.go (kubernetes/kubernetes
/// pkg/controller/podautoscaler). Times are nanoseconds; "after the cutoff" is strict, as
/// Go's `Time.After`.
public enum HPANormalization {
    // MARK: Without a behavior (`normalizeDesiredReplicas`)

    /// `stabilizeRecommendation`: the largest of `desired` and every recommendation not
    /// older than `window` (a recommendation exactly `window` old still counts: Go keeps
    /// those that are not `Before(cutoff)`).
    public static func stabilized(_ desired: Int32, recommendations: [HPARecommendation], window: Int64,
                                  now: Int64) -> Int32 {
        let cutoff = now - window
        var result = desired
        for r in recommendations where r.time >= cutoff { result = max(result, r.replicas) }
        return result
    }

    /// `calculateScaleUpLimit`: at most max(2 × current, 4) replicas after one sync.
    public static func legacyScaleUpLimit(current: Int32) -> Int32 {
        clampedInt32(max(2.0 * Double(current), 4.0))
    }

    /// `convertDesiredReplicasWithRules`: at least `minReplicas`; at most the smaller of
    /// `maxReplicas` and the scale-up limit.
    public static func legacyLimited(_ desired: Int32, current: Int32, minReplicas: Int32,
                                     maxReplicas: Int32) -> Int32 {
        let maximum = min(maxReplicas, legacyScaleUpLimit(current: current))
        if desired < minReplicas { return minReplicas }
        if desired > maximum { return maximum }
        return desired
    }

    // MARK: With a behavior (`normalizeDesiredReplicasWithBehaviors`)

    /// `stabilizeRecommendationWithBehaviors`: the current count moved no further than the
    /// recent recommendations allow — up to at least the *smallest* recommendation of the
    /// scale-up window, down to at most the *largest* of the scale-down window (both windows
    /// include `desired`; a window of 0 holds only `desired`).
    public static func stabilized(_ desired: Int32, current: Int32, recommendations: [HPARecommendation],
                                  upWindow: Int64, downWindow: Int64, now: Int64) -> Int32 {
        var upRecommendation = desired
        var downRecommendation = desired
        for r in recommendations {
            if r.time > now - upWindow { upRecommendation = min(upRecommendation, r.replicas) }
            if r.time > now - downWindow { downRecommendation = max(downRecommendation, r.replicas) }
        }
        var recommendation = current
        if recommendation < upRecommendation { recommendation = upRecommendation }
        if recommendation > downRecommendation { recommendation = downRecommendation }
        return recommendation
    }

    /// `getReplicasChangePerPeriod`: the pods changed by events strictly within `period`.
    public static func replicasChanged(within period: Int64, events: [HPAScaleEvent], now: Int64) -> Int64 {
        var total: Int64 = 0
        for e in events where e.time > now - period { total += Int64(e.change) }
        return total
    }

    /// `calculateScaleUpLimitWithScalingRules`: per policy, from the replicas at the start
    /// of its period (current − added + removed within it), `pods` adds `value` and
    /// `percent` multiplies by (1 + value/100) rounded up; `selectPolicy` picks the largest
    /// (max) or smallest (min); disabled keeps `current`.
    public static func scaleUpLimit(current: Int32, upEvents: [HPAScaleEvent], downEvents: [HPAScaleEvent],
                                    rules: HPAScalingRules, now: Int64) -> Int32 {
        if rules.selectPolicy == .disabled { return current }
        var result: Int64 = rules.selectPolicy == .min ? Int64(Int32.max) : Int64(Int32.min)
        for policy in rules.policies {
            let start = Int64(current) - replicasChanged(within: policy.period, events: upEvents, now: now)
                + replicasChanged(within: policy.period, events: downEvents, now: now)
            let proposed: Int64
            switch policy.kind {
            case .pods: proposed = start + Int64(policy.value)
            case .percent: proposed = Int64(clampedInt32((Double(start) * (1 + Double(policy.value) / 100)).rounded(.up)))
            }
            result = rules.selectPolicy == .min ? min(result, proposed) : max(result, proposed)
        }
        return clampedInt32(Double(result))
    }

    /// `calculateScaleDownLimitWithBehaviors`: per policy, `pods` removes `value` from the
    /// period's starting replicas and `percent` multiplies by (1 − value/100), truncated;
    /// max selects the lowest limit (largest change), min the highest; disabled keeps
    /// `current`.
    public static func scaleDownLimit(current: Int32, upEvents: [HPAScaleEvent], downEvents: [HPAScaleEvent],
                                      rules: HPAScalingRules, now: Int64) -> Int32 {
        if rules.selectPolicy == .disabled { return current }
        var result: Int64 = rules.selectPolicy == .min ? Int64(Int32.min) : Int64(Int32.max)
        for policy in rules.policies {
            let start = Int64(current) - replicasChanged(within: policy.period, events: upEvents, now: now)
                + replicasChanged(within: policy.period, events: downEvents, now: now)
            let proposed: Int64
            switch policy.kind {
            case .pods: proposed = start - Int64(policy.value)
            case .percent: proposed = Int64(clampedInt32((Double(start) * (1 - Double(policy.value) / 100)).rounded(.towardZero)))
            }
            result = rules.selectPolicy == .min ? max(result, proposed) : min(result, proposed)
        }
        return clampedInt32(Double(result))
    }

    /// `convertDesiredReplicasWithBehaviorRate`: scaling up, cap at min(maxReplicas, the
    /// scale-up limit (never below current)); scaling down, floor at max(minReplicas, the
    /// scale-down limit (never above current)); unchanged otherwise.
    public static func behaviorLimited(_ desired: Int32, current: Int32, minReplicas: Int32, maxReplicas: Int32,
                                       upEvents: [HPAScaleEvent], downEvents: [HPAScaleEvent],
                                       behavior: HPABehavior, now: Int64) -> Int32 {
        if desired > current {
            let limit = max(current, scaleUpLimit(current: current, upEvents: upEvents, downEvents: downEvents,
                                                  rules: behavior.scaleUp, now: now))
            return min(desired, min(maxReplicas, limit))
        }
        if desired < current {
            let limit = min(current, scaleDownLimit(current: current, upEvents: upEvents, downEvents: downEvents,
                                                    rules: behavior.scaleDown, now: now))
            return max(desired, max(minReplicas, limit))
        }
        return desired
    }

    /// Float to Int32, saturating (Kubernetes would wrap on overflow; no realistic input
    /// gets there).
    static func clampedInt32(_ x: Double) -> Int32 {
        if x.isNaN { return 0 }
        if x >= Double(Int32.max) { return .max }
        if x <= Double(Int32.min) { return .min }
        return Int32(x.rounded(.towardZero))
    }
}
