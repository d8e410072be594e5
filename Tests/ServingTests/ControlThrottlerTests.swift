import Serving
import Testing

/// Ports of knative/serving `pkg/activator/net/throttler_test.go` (`TestThrottlerUpdateCapacity`,
/// `TestPodAssignmentFinite`, `TestPodAssignmentInfinite`, `TestPickIndices`,
/// `TestAssignSlice`, `TestThrottlerSuccesses`), `TestComputeActivatorNum`
/// (`pkg/reconciler/autoscaling/kpa/kpa_test.go`), and the request flow.
@Suite struct ControlThrottlerTests {
    typealias Throttler = RevisionThrottler<Int, String>

    static func pods(_ count: Int) -> [String] { (0..<count).map { "ip\($0)" } }

    struct CapacityCase: Sendable, CustomStringConvertible {
        var name: String
        var cc: Int
        var routing: ActivatorRouting
        var pods: Int
        var activatorIndex: Int?
        var numActivators: Int
        var want: Int
        var description: String { name }
    }

    // The Go cases without pod trackers are ClusterIP routing (capacity from backends).
    static let capacityCases: [CapacityCase] = [
        .init(name: "clusterIP 1 backend, cc 10", cc: 10, routing: .clusterIP, pods: 1, numActivators: 1, want: 10),
        .init(name: "clusterIP 10 backends, cc 10", cc: 10, routing: .clusterIP, pods: 10, numActivators: 1, want: 100),
        .init(name: "clusterIP 100 backends, cc 10", cc: 10, routing: .clusterIP, pods: 100, numActivators: 1, want: 1000),
        .init(name: "clusterIP 5 activators, 10 backends", cc: 10, routing: .clusterIP, pods: 10, activatorIndex: 0,
              numActivators: 5, want: 10 * 10 / 5),
        .init(name: "clusterIP 200 activators, 10 backends: at least 1", cc: 10, routing: .clusterIP, pods: 10,
              activatorIndex: 0, numActivators: 200, want: 1),
        .init(name: "clusterIP 200 activators, no backend", cc: 10, routing: .clusterIP, pods: 0, activatorIndex: 0,
              numActivators: 200, want: 0),
        .init(name: "cc 0, no backend: gate closed", cc: 0, routing: .podAddressing, pods: 0, numActivators: 1, want: 0),
        .init(name: "cc 0, 1 backend: gate open", cc: 0, routing: .podAddressing, pods: 1, numActivators: 1, want: .max),
        .init(name: "cc 0, 10 backends: gate open", cc: 0, routing: .podAddressing, pods: 10, numActivators: 1, want: .max),
        .init(name: "cc 0, 200 activators, no backend", cc: 0, routing: .podAddressing, pods: 0, activatorIndex: 3,
              numActivators: 200, want: 0),
        .init(name: "cc 0, 200 activators, 1 backend", cc: 0, routing: .podAddressing, pods: 1, activatorIndex: 3,
              numActivators: 200, want: .max),
        .init(name: "pods 1, 1 activator, cc 10", cc: 10, routing: .podAddressing, pods: 1, activatorIndex: 0,
              numActivators: 1, want: 10),
        .init(name: "pods 2, 1 activator, cc 10", cc: 10, routing: .podAddressing, pods: 2, activatorIndex: 0,
              numActivators: 1, want: 20),
        .init(name: "pods 2, 2 activators, cc 10", cc: 10, routing: .podAddressing, pods: 2, activatorIndex: 0,
              numActivators: 2, want: 10),
        .init(name: "pods 3, activator 0 of 2, cc 10", cc: 10, routing: .podAddressing, pods: 3, activatorIndex: 0,
              numActivators: 2, want: 20),
        .init(name: "pods 3, activator 1 of 2, cc 10", cc: 10, routing: .podAddressing, pods: 3, activatorIndex: 1,
              numActivators: 2, want: 10),
        .init(name: "pods 5, activator 0 of 2, cc 1", cc: 1, routing: .podAddressing, pods: 5, activatorIndex: 0,
              numActivators: 2, want: 3),
        .init(name: "pods 5, activator 1 of 2, cc 1", cc: 1, routing: .podAddressing, pods: 5, activatorIndex: 1,
              numActivators: 2, want: 2),
        .init(name: "index unknown: every pod", cc: 10, routing: .podAddressing, pods: 5, activatorIndex: nil,
              numActivators: 4, want: 50),
    ]

    @Test(arguments: capacityCases)
    func updateCapacity(_ testCase: CapacityCase) {
        var throttler = Throttler(containerConcurrency: testCase.cc, routing: testCase.routing,
                                  activatorIndex: testCase.activatorIndex, numActivators: testCase.numActivators)
        throttler.updatePods(ready: Self.pods(testCase.pods))
        #expect(throttler.capacity == testCase.want)
        #expect(throttler.trackers.count == testCase.pods)
    }

    @Test func infiniteCapacityAssignsEveryPodWhateverTheIndex() {
        var throttler = Throttler(containerConcurrency: 0, activatorIndex: 1, numActivators: 2)
        throttler.updatePods(ready: Self.pods(3))
        #expect(throttler.assignedPods == Self.pods(3))
        #expect(throttler.loadBalancingPolicy == .powerOfTwoChoices)
    }

    @Test func podAssignmentFinite() {
        var throttler = Throttler(containerConcurrency: 42, activatorIndex: 0, numActivators: 4)
        throttler.updatePods(ready: ["ip4", "ip3", "ip5", "ip2", "ip1", "ip0"])
        #expect(throttler.trackers.map(\.pod) == Self.pods(6))
        // 6 = 4 · 1 + 2: activators 0 and 1 get a second pod from the end.
        #expect(throttler.assignedPods == ["ip0", "ip4"])
        #expect(throttler.capacity == 2 * 42)
        throttler.updatePods(ready: [String]())
        #expect(throttler.trackers.isEmpty && throttler.assignedPods.isEmpty && throttler.capacity == 0)
    }

    @Test func podAssignmentInfinite() {
        var throttler = Throttler(containerConcurrency: 0)
        throttler.updatePods(ready: ["ip3", "ip2", "ip1"])
        #expect(throttler.assignedPods == ["ip1", "ip2", "ip3"])
        #expect(throttler.capacity == .max)
        throttler.updatePods(ready: [String]())
        #expect(throttler.trackers.isEmpty && throttler.capacity == 0)
    }

    @Test(arguments: [
        // (pods, activators, index, begin, end, remnants)
        (1, 1, 0, 0, 1, 0), (1, 2, 0, 0, 1, 0), (1, 2, 1, 0, 1, 0), (2, 3, 1, 1, 2, 0), (2, 3, 2, 0, 1, 0),
        (3, 3, 2, 2, 3, 0), (10, 3, 0, 0, 3, 1), (10, 3, 1, 3, 6, 1), (10, 3, 2, 6, 9, 1),
        (150, 5, 0, 0, 30, 0), (150, 5, 1, 30, 60, 0), (150, 5, 4, 120, 150, 0),
    ])
    func pickIndices(_ c: (pods: Int, activators: Int, index: Int, begin: Int, end: Int, remnants: Int)) {
        let got = ActivatorSubsetting.pickIndices(podCount: c.pods, activatorIndex: c.index, numActivators: c.activators)
        #expect(got.begin == c.begin && got.end == c.end && got.remnants == c.remnants)
    }

    @Test(arguments: [
        // (pods, index, activators, assigned positions) — TestAssignSlice and the subsetting rule.
        (0, 0, 1, [Int]()), (3, 1, 1, [0, 1, 2]), (3, nil, 1, [0, 1, 2]), (3, 1, 3, [1]), (1, 1, 3, [0]),
        (3, 1, 2, [1]), (3, 0, 2, [0, 2]), (20, 0, 3, [0, 1, 2, 3, 4, 5, 18]), (20, 1, 3, [6, 7, 8, 9, 10, 11, 19]),
        (20, 2, 3, [12, 13, 14, 15, 16, 17]), (2, 4, 5, [0]),
    ] as [(Int, Int?, Int, [Int])])
    func assignedPositions(pods: Int, index: Int?, activators: Int, want: [Int]) {
        let (slice, extra) = ActivatorSubsetting.assignedPositions(podCount: pods, activatorIndex: index,
                                                                     numActivators: activators)
        #expect(Array(slice) + (extra.map { [$0] } ?? []) == want)
    }

    /// Every pod belongs to exactly one activator's even split when there are at least
    /// as many pods as activators.
    @Test func subsetsPartitionThePods() {
        for activators in 1...7 {
            for podCount in activators...40 {
                var owners = Array(repeating: 0, count: podCount)
                for index in 0..<activators {
                    let (slice, extra) = ActivatorSubsetting.assignedPositions(
                        podCount: podCount, activatorIndex: index, numActivators: activators)
                    for position in slice { owners[position] += 1 }
                    if let extra { owners[extra] += 1 }
                    let size = slice.count + (extra == nil ? 0 : 1)
                    #expect(size == podCount / activators + (index < podCount % activators ? 1 : 0))
                }
                #expect(owners.allSatisfy { $0 == 1 }, "\(podCount) pods, \(activators) activators")
            }
        }
    }

    @Test(arguments: [
        // (ready pods, total value, TBC, activator capacity, want) — TestComputeActivatorNum
        (0, 100.0, 200.0, 100.0, 2), (1, 100, 200, 100, 3), (100, 100, 0, 100, 2), (5, 100, -1, 100, 5),
        (15, 100, 200, 100, 17),
        // kpa_test.go's defaultAct / scaledAct: total value 10, TBC 200.
        (1, 10, 200, 100, 3), (10, 10, 200, 100, 3), (11, 10, 200, 100, 4), (12, 10, 200, 100, 4),
        // Knative defaults (TBC 211): fewer pods still need 3.
        (0, 100, 211, 100, 3), (0, 100, -1, 100, 2),
    ])
    func numActivators(_ c: (pods: Int, total: Double, tbc: Double, capacity: Double, want: Int)) {
        #expect(ActivatorSubsetting.numActivators(readyPods: c.pods, totalValue: c.total,
                                                  targetBurstCapacity: c.tbc, activatorCapacity: c.capacity) == c.want)
    }

    @Test func activatorsInPathIsTheSubsetOrAll() {
        #expect(ActivatorSubsetting.activatorsInPath(requested: 3, available: 5) == 3)
        #expect(ActivatorSubsetting.activatorsInPath(requested: 3, available: 2) == 2)
        #expect(ActivatorSubsetting.activatorsInPath(requested: 0, available: 4) == 4)
    }

    // MARK: Request flow

    /// TestThrottlerSuccesses "clumping test": CC 3, first available keeps sending to the
    /// first pod in sorted order until it is full.
    @Test func firstAvailableClumpsOnTheFirstPod() {
        var throttler = Throttler(containerConcurrency: 3)
        throttler.updatePods(ready: ["128.0.0.2:1234", "128.0.0.1:1234", "128.0.0.2:4236", "128.0.0.2:1233"])
        var random = ScriptedRandom()
        var pods: [String] = []
        for id in 0..<4 {
            if case let .assigned(lease) = throttler.acquire(id, random: &random) { pods.append(lease.pod) }
        }
        #expect(pods == ["128.0.0.1:1234", "128.0.0.1:1234", "128.0.0.1:1234", "128.0.0.2:1233"])
    }

    /// "roundrobin test": CC 5 spreads three requests over three pods.
    @Test func roundRobinSpreads() {
        var throttler = Throttler(containerConcurrency: 5)
        throttler.updatePods(ready: ["128.0.0.1:1234", "128.0.0.2:1234", "211.212.213.214"])
        var random = ScriptedRandom()
        var pods: [String] = []
        for id in 0..<3 {
            if case let .assigned(lease) = throttler.acquire(id, random: &random) { pods.append(lease.pod) }
        }
        #expect(pods == ["128.0.0.1:1234", "128.0.0.2:1234", "211.212.213.214"])
    }

    @Test func queuedRequestTakesTheFreedSlot() {
        var throttler = Throttler(containerConcurrency: 1)
        throttler.updatePods(ready: ["a", "b"])
        var random = ScriptedRandom()
        guard case let .assigned(first) = throttler.acquire(1, random: &random),
              case let .assigned(second) = throttler.acquire(2, random: &random) else {
            Issue.record("two slots expected")
            return
        }
        #expect(first.pod == "a" && second.pod == "b")
        #expect(throttler.acquire(3, random: &random) == .queued)
        #expect(throttler.acquire(4, random: &random) == .queued)
        let next = throttler.release(second, random: &random)
        #expect(next?.request == 3 && next?.lease.pod == "b")
        #expect(throttler.inFlight == 2 && throttler.queued == 1)
        #expect(throttler.inFlight(on: "a") == 1 && throttler.inFlight(on: "b") == 1)
    }

    /// A removed pod's requests finish; they hold revision capacity until then.
    @Test func removedPodsRequestsFinish() {
        var throttler = Throttler(containerConcurrency: 1)
        throttler.updatePods(ready: ["a", "b"])
        var random = ScriptedRandom()
        guard case let .assigned(onA) = throttler.acquire(1, random: &random),
              case let .assigned(onB) = throttler.acquire(2, random: &random) else {
            Issue.record("two slots expected")
            return
        }
        #expect(throttler.updatePods(ready: ["b"]) == 0)
        #expect(throttler.capacity == 1 && throttler.inFlight == 2)
        #expect(throttler.acquire(3, random: &random) == .queued)
        #expect(throttler.release(onA, random: &random) == nil)   // still 1 in flight, capacity 1
        let next = throttler.release(onB, random: &random)
        #expect(next?.request == 3 && next?.lease.pod == "b")
    }

    /// A pod that leaves and comes back gets a fresh tracker (as in Knative); a request
    /// from before releases nothing on it.
    @Test func returningPodGetsAFreshTracker() {
        var throttler = Throttler(containerConcurrency: 2)
        throttler.updatePods(ready: ["a"])
        var random = ScriptedRandom()
        guard case let .assigned(old) = throttler.acquire(1, random: &random) else {
            Issue.record("slot expected")
            return
        }
        throttler.updatePods(ready: [String]())
        throttler.updatePods(ready: ["a"])
        #expect(throttler.inFlight(on: "a") == 0)
        guard case let .assigned(new) = throttler.acquire(2, random: &random) else {
            Issue.record("slot expected")
            return
        }
        #expect(new.trackerSerial != old.trackerSerial)
        _ = throttler.release(old, random: &random)
        #expect(throttler.inFlight(on: "a") == 1)
        #expect(throttler.inFlight == 1)
    }

    @Test func scaleFromZeroReleasesWaitersInOrder() {
        var throttler = Throttler(containerConcurrency: 10)
        var random = ScriptedRandom()
        for id in 0..<12 { #expect(throttler.acquire(id, random: &random) == .queued) }
        #expect(throttler.capacity == 0)
        #expect(throttler.updatePods(ready: ["p"]) == 10)
        var admitted: [Int] = []
        while let next = throttler.admitNext(random: &random) {
            #expect(next.lease.pod == "p")
            admitted.append(next.request)
        }
        #expect(admitted == Array(0..<10))
        #expect(throttler.queued == 2 && throttler.inFlight(on: "p") == 10)
    }

    @Test func scaleFromZeroWithUnlimitedConcurrency() {
        var throttler = Throttler(containerConcurrency: 0)
        var random = ScriptedRandom()
        for id in 0..<3 { #expect(throttler.acquire(id, random: &random) == .queued) }
        #expect(throttler.updatePods(ready: ["x", "y", "z"]) == 3)
        // Request 0: pods x(0) vs z(0), tie, coin 1 keeps x. Request 1: y(0) vs x(1) → y.
        // Request 2: z(0) vs y(1) → z.
        random.draws = [0, 1, 1, 1, 0, 2, 1]
        var placed: [String] = []
        while let next = throttler.admitNext(random: &random) { placed.append(next.lease.pod) }
        #expect(placed == ["x", "y", "z"])
        #expect(random.remaining == 0)
        // The gate is open: a newcomer goes straight to a pod (x(1) vs y(1), coin 0 → y).
        random.draws = [0, 0, 0]
        guard case let .assigned(lease) = throttler.acquire(3, random: &random) else {
            Issue.record("expected an assignment")
            return
        }
        #expect(lease.pod == "y")
    }

    @Test func timedOutWaiterIsRemoved() {
        var throttler = Throttler(containerConcurrency: 1)
        var random = ScriptedRandom()
        for id in 0..<3 { _ = throttler.acquire(id, random: &random) }
        #expect(throttler.removeQueued(1) == true)
        #expect(throttler.removeQueued(1) == false)
        throttler.updatePods(ready: ["p"])
        #expect(throttler.admitNext(random: &random)?.request == 0)
        #expect(throttler.admitNext(random: &random) == nil)
        #expect(throttler.queued == 1)
    }

    @Test func activatorChangesResplitThePods() {
        var throttler = Throttler(containerConcurrency: 2, activatorIndex: nil, numActivators: 1)
        throttler.updatePods(ready: Self.pods(5))
        #expect(throttler.capacity == 10)
        throttler.updateActivators(index: 1, count: 2)
        #expect(throttler.assignedPods == ["ip2", "ip3"])
        #expect(throttler.capacity == 4)
        throttler.updateActivators(index: 0, count: 1)
        #expect(throttler.capacity == 10)
    }

    @Test func clusterIPRoutingPicksARandomPodWithoutPerPodLimit() {
        var throttler = Throttler(containerConcurrency: 1, routing: .clusterIP)
        throttler.updatePods(ready: ["a", "b", "c"])
        #expect(throttler.loadBalancingPolicy == .random)
        var random = ScriptedRandom([1, 1, 2])
        var pods: [String] = []
        for id in 0..<4 {
            if case let .assigned(lease) = throttler.acquire(id, random: &random) { pods.append(lease.pod) }
        }
        #expect(pods == ["b", "b", "c"])
        #expect(throttler.queued == 1)
    }

    /// The activator holds Knative's `breakerQueueDepth` (10 000) waiting requests and
    /// rejects the next (knsim applies the depth to the waiting requests alone; Knative's
    /// breaker counts them with 2³¹ − 1 admitted ones and in practice never rejects).
    @Test func revisionBreakerQueuesTenThousandThenRejects() {
        var throttler = Throttler(containerConcurrency: 1)
        var random = ScriptedRandom()
        var outcomes: [ThrottleOutcome<String>] = []
        for id in 0..<10_001 { outcomes.append(throttler.acquire(id, random: &random)) }
        #expect(outcomes.prefix(10_000).allSatisfy { $0 == .queued })
        #expect(outcomes.last == .rejected)
        #expect(throttler.queued == 10_000)
    }

    /// Many requests through a fleet-sized throttler: every request is assigned exactly
    /// once and nothing leaks.
    @Test func steadyFlowConservesRequests() {
        var throttler = Throttler(containerConcurrency: 4)
        throttler.updatePods(ready: Self.pods(8))
        var random = ScriptedRandom()
        var leases: [PodLease<String>] = []
        var assigned = 0
        for id in 0..<100 {
            if case let .assigned(lease) = throttler.acquire(id, random: &random) { leases.append(lease); assigned += 1 }
        }
        #expect(assigned == 32 && throttler.queued == 68)
        while let lease = leases.popLast() {
            if let next = throttler.release(lease, random: &random) { leases.insert(next.lease, at: 0); assigned += 1 }
        }
        #expect(assigned == 100)
        #expect(throttler.inFlight == 0 && throttler.queued == 0)
        #expect(throttler.trackers.allSatisfy { $0.inFlight == 0 })
    }
}
