import Serving
import Testing

/// Ports of knative/serving `pkg/activator/net/lb_policy_test.go` (`TestRandomChoice2`,
/// `TestFirstAvailable`, `TestRoundRobin`) with scripted draws, plus fixed sequences.
@Suite struct ControlLoadBalancerTests {
    static func trackers(_ count: Int) -> [PodTracker<String>] {
        (0..<count).map { PodTracker(pod: "pod-\($0)", serial: UInt64($0 + 1)) }
    }

    @Test(arguments: [(0, ActivatorLoadBalancingPolicy.powerOfTwoChoices), (1, .firstAvailable),
                      (2, .firstAvailable), (3, .firstAvailable), (4, .roundRobin), (1000, .roundRobin)])
    func policyFollowsContainerConcurrency(cc: Int, policy: ActivatorLoadBalancingPolicy) {
        #expect(ActivatorLoadBalancingPolicy(containerConcurrency: cc) == policy)
        #expect(ActivatorLoadBalancer(containerConcurrency: cc).podCapacity == cc)
    }

    // MARK: Power of two choices (CC = 0)

    @Test func twoChoicesWithOnePodNeedsNoDraw() {
        var balancer = ActivatorLoadBalancer(containerConcurrency: 0)
        var pods = Self.trackers(1)
        var random = ScriptedRandom()
        #expect(balancer.pick(from: [0], trackers: &pods, random: &random) == 0)
        #expect(balancer.pick(from: [0], trackers: &pods, random: &random) == 0)
        #expect(pods[0].inFlight == 2)
        #expect(random.bounds.isEmpty)
    }

    @Test func twoChoicesWithTwoPodsComparesBothAndFlipsACoinOnATie() {
        var balancer = ActivatorLoadBalancer(containerConcurrency: 0)
        var pods = Self.trackers(2)
        // Tie (0, 0): coin 0 takes the alternative (pod 1), as Go's Int63()%2 == 0.
        var random = ScriptedRandom([0])
        #expect(balancer.pick(from: [0, 1], trackers: &pods, random: &random) == 1)
        // Loads (0, 1): pod 0 wins without a draw.
        #expect(balancer.pick(from: [0, 1], trackers: &pods, random: &random) == 0)
        #expect(random.bounds == [2])
        // Tie (1, 1), coin 1 keeps the first contestant.
        random.draws = [1]
        #expect(balancer.pick(from: [0, 1], trackers: &pods, random: &random) == 0)
        #expect(pods.map(\.inFlight) == [2, 1])
    }

    @Test func twoChoicesDrawsTwoDistinctPods() {
        var balancer = ActivatorLoadBalancer(containerConcurrency: 0)
        var pods = Self.trackers(5)
        pods[1].inFlight = 3
        pods[3].inFlight = 1
        // first = 3, second draw 3 over the other four → shifted past 3 to pod 4: loads 1 vs 0.
        var random = ScriptedRandom([3, 3])
        #expect(balancer.pick(from: [0, 1, 2, 3, 4], trackers: &pods, random: &random) == 4)
        #expect(random.bounds == [5, 4])
        // first = 1 (load 3), second draw 0 → pod 0 (load 0): the lighter wins, no coin.
        random = ScriptedRandom([1, 0])
        #expect(balancer.pick(from: [0, 1, 2, 3, 4], trackers: &pods, random: &random) == 0)
        #expect(random.bounds == [5, 4])
        // first = 2 (load 0), second draw 1 → pod 1 (load 3): the first stays.
        random = ScriptedRandom([2, 1])
        #expect(balancer.pick(from: [0, 1, 2, 3, 4], trackers: &pods, random: &random) == 2)
        #expect(pods.map(\.inFlight) == [1, 3, 1, 1, 1])
    }

    @Test func twoChoicesIgnoresThePerPodLimit() {
        var balancer = ActivatorLoadBalancer(policy: .powerOfTwoChoices, podCapacity: 1)
        var pods = Self.trackers(1)
        var random = ScriptedRandom()
        for _ in 0..<3 { #expect(balancer.pick(from: [0], trackers: &pods, random: &random) == 0) }
    }

    // MARK: First available (1 ≤ CC ≤ 3)

    @Test func firstAvailableOneTrackerOneSlot() {
        var balancer = ActivatorLoadBalancer(containerConcurrency: 1)
        var pods = Self.trackers(1)
        var random = ScriptedRandom()
        #expect(balancer.pick(from: [0], trackers: &pods, random: &random) == 0)
        #expect(balancer.pick(from: [0], trackers: &pods, random: &random) == nil)
    }

    @Test func firstAvailableTwoTrackersOneSlot() {
        var balancer = ActivatorLoadBalancer(containerConcurrency: 1)
        var pods = Self.trackers(2)
        var random = ScriptedRandom()
        #expect(balancer.pick(from: [0, 1], trackers: &pods, random: &random) == 0)
        #expect(balancer.pick(from: [0, 1], trackers: &pods, random: &random) == 1)
        #expect(balancer.pick(from: [0, 1], trackers: &pods, random: &random) == nil)
        pods[0].inFlight -= 1
        #expect(balancer.pick(from: [0, 1], trackers: &pods, random: &random) == 0)
        #expect(random.bounds.isEmpty)
    }

    // MARK: Round robin (CC > 3)

    @Test func roundRobinWithCC1() {
        var balancer = ActivatorLoadBalancer(policy: .roundRobin, podCapacity: 1)
        var pods = Self.trackers(3)
        var random = ScriptedRandom()
        let all = [0, 1, 2]
        #expect(balancer.pick(from: all, trackers: &pods, random: &random) == 0)
        #expect(balancer.pick(from: all, trackers: &pods, random: &random) == 1)
        // A shorter list: the position wraps to 0, which is full.
        #expect(balancer.pick(from: all[..<1], trackers: &pods, random: &random) == nil)
        #expect(balancer.pick(from: all, trackers: &pods, random: &random) == 2)
        #expect(balancer.pick(from: all, trackers: &pods, random: &random) == nil)
        pods[2].inFlight -= 1
        #expect(balancer.pick(from: all, trackers: &pods, random: &random) == 2)
    }

    @Test func roundRobinWithCC2() {
        var balancer = ActivatorLoadBalancer(policy: .roundRobin, podCapacity: 2)
        var pods = Self.trackers(3)
        var random = ScriptedRandom()
        let all = [0, 1, 2]
        let picks = [
            balancer.pick(from: all, trackers: &pods, random: &random),
            balancer.pick(from: all, trackers: &pods, random: &random),
            balancer.pick(from: all[..<1], trackers: &pods, random: &random),
            balancer.pick(from: all, trackers: &pods, random: &random),
            balancer.pick(from: all, trackers: &pods, random: &random),
            // Pods 0 and 1 are full now: 2 again.
            balancer.pick(from: all, trackers: &pods, random: &random),
            balancer.pick(from: all, trackers: &pods, random: &random),
        ]
        #expect(picks == [0, 1, 0, 1, 2, 2, nil])
    }

    /// Each policy on one fixed sequence: 4 pods, 8 arrivals, a completion on pod 1
    /// after the fourth arrival.
    @Test(arguments: [
        (ActivatorLoadBalancingPolicy.firstAvailable, 2, [0, 0, 1, 1, 1, 2, 2, 3]),
        (.roundRobin, 2, [0, 1, 2, 3, 0, 1, 2, 3]),
        (.roundRobin, 5, [0, 1, 2, 3, 0, 1, 2, 3]),
        (.firstAvailable, 1, [0, 1, 2, 3, 1]),
        (.roundRobin, 1, [0, 1, 2, 3, 1]),
    ] as [(ActivatorLoadBalancingPolicy, Int, [Int])])
    func fixedSequence(policy: ActivatorLoadBalancingPolicy, podCapacity: Int, want: [Int]) {
        var balancer = ActivatorLoadBalancer(policy: policy, podCapacity: podCapacity)
        var pods = Self.trackers(4)
        var random = ScriptedRandom()
        var picks: [Int] = []
        for arrival in 0..<8 {
            if let pick = balancer.pick(from: [0, 1, 2, 3], trackers: &pods, random: &random) { picks.append(pick) }
            if arrival == 3 { pods[1].inFlight -= 1 }
        }
        #expect(picks == want)
    }

    @Test func randomPolicyTakesOneDrawOverAllCandidates() {
        var balancer = ActivatorLoadBalancer(policy: .random, podCapacity: 0)
        var pods = Self.trackers(4)
        var random = ScriptedRandom([2, 2, 0, 3])
        var picks: [Int?] = []
        for _ in 0..<4 { picks.append(balancer.pick(from: [0, 1, 2, 3], trackers: &pods, random: &random)) }
        #expect(picks == [2, 2, 0, 3])
        #expect(random.bounds == [4, 4, 4, 4])
    }

    @Test func noCandidateNoPick() {
        for policy in [ActivatorLoadBalancingPolicy.powerOfTwoChoices, .firstAvailable, .roundRobin, .random] {
            var balancer = ActivatorLoadBalancer(policy: policy, podCapacity: 1)
            var pods = Self.trackers(2)
            var random = ScriptedRandom()
            #expect(balancer.pick(from: [Int](), trackers: &pods, random: &random) == nil)
        }
    }
}
