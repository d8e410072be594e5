/// How the activator picks a pod for a request (`pkg/activator/net/lb_policy.go`,
/// chosen in `newRevisionThrottler`, `pkg/activator/net/throttler.go`).
public enum ActivatorLoadBalancingPolicy: Sendable, Equatable {
    /// CC = 0: two distinct random pods, the one with fewer of this activator's
    /// requests wins, a tie is broken at random (`randomChoice2Policy`).
    case powerOfTwoChoices
    /// 1 ≤ CC ≤ 3: the first pod, in sorted order, with a free slot (`firstAvailableLBPolicy`).
    case firstAvailable
    /// CC > 3: round robin over the pods, starting after the last pod chosen and
    /// skipping full ones (`newRoundRobinPolicy`).
    case roundRobin
    /// A uniformly random pod, ignoring load (`randomLBPolicy`, which Knative notes
    /// "approximates the LB policy done by K8s Service"). Used here for ClusterIP routing.
    case random

    /// Knative's choice for a container concurrency.
    public init(containerConcurrency cc: Int) {
        switch cc {
        case ...0: self = .powerOfTwoChoices
        case 1...3: self = .firstAvailable
        default: self = .roundRobin
        }
    }
}

/// Applies an `ActivatorLoadBalancingPolicy` to a revision's pod trackers.
///
/// The only state is the round-robin position, an offset into the candidate list (as
/// in Knative, it is reset to 0 when the list shrinks below it).
public struct ActivatorLoadBalancer: Sendable, Equatable {
    public let policy: ActivatorLoadBalancingPolicy
    /// Per-pod limit for this activator: the revision's CC; 0 means none.
    public let podCapacity: Int
    /// Offset in the candidate list where round robin looks first.
    public private(set) var roundRobinNext = 0

    public init(policy: ActivatorLoadBalancingPolicy, podCapacity: Int) {
        precondition(podCapacity >= 0, "pod capacity must be ≥ 0")
        self.policy = policy
        self.podCapacity = podCapacity
    }

    /// Knative's policy and per-pod limit for a container concurrency.
    public init(containerConcurrency cc: Int) {
        self.init(policy: ActivatorLoadBalancingPolicy(containerConcurrency: cc), podCapacity: Swift.max(cc, 0))
    }

    /// Picks a pod among `candidates` (positions in `trackers`, in sorted pod order),
    /// counts the request on its tracker and returns the chosen position, or nil when
    /// no candidate has room (never for power of two choices and random, which ignore
    /// the per-pod limit, as in Knative, unless there is no candidate).
    public mutating func pick<Pod, Candidates: RandomAccessCollection, R: RandomIndexSource>(
        from candidates: Candidates, trackers: inout [PodTracker<Pod>], random: inout R
    ) -> Int? where Candidates.Element == Int {
        let count = candidates.count
        guard count > 0 else { return nil }
        @inline(__always) func candidate(_ offset: Int) -> Int {
            candidates[candidates.index(candidates.startIndex, offsetBy: offset)]
        }

        switch policy {
        case .firstAvailable:
            for position in candidates where trackers[position].hasRoom(limit: podCapacity) {
                trackers[position].inFlight += 1
                return position
            }
            return nil

        case .roundRobin:
            if roundRobinNext >= count { roundRobinNext = 0 }
            for step in 0..<count {
                let offset = (roundRobinNext + step) % count
                let position = candidate(offset)
                if trackers[position].hasRoom(limit: podCapacity) {
                    trackers[position].inFlight += 1
                    roundRobinNext = offset + 1
                    return position
                }
            }
            return nil

        case .powerOfTwoChoices:
            if count == 1 {
                let only = candidate(0)
                trackers[only].inFlight += 1
                return only
            }
            // Two pods: both are the contestants, no draw. More: two distinct draws, the
            // second over the other count − 1 pods (Knative draws the same way).
            var first = 0, second = 1
            if count > 2 {
                first = random.index(below: count)
                second = random.index(below: count - 1)
                if second >= first { second += 1 }
            }
            var chosen = candidate(first)
            let alternative = candidate(second)
            let chosenLoad = trackers[chosen].inFlight, alternativeLoad = trackers[alternative].inFlight
            if chosenLoad > alternativeLoad {
                chosen = alternative
            } else if chosenLoad == alternativeLoad && random.index(below: 2) == 0 {
                chosen = alternative
            }
            trackers[chosen].inFlight += 1
            return chosen

        case .random:
            let chosen = candidate(random.index(below: count))
            trackers[chosen].inFlight += 1
            return chosen
        }
    }
}
