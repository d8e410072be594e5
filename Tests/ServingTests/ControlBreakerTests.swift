import Serving
import Testing

/// Ports of knative/serving `pkg/queue/breaker_test.go` (as step scripts on a value
/// breaker instead of goroutines) plus the queue-proxy and activator boundaries.
@Suite struct ControlBreakerTests {
    /// One step of a script and what it must return.
    enum Step: CustomStringConvertible {
        case acquire(Int, BreakerAdmission)
        case reserve(Bool)
        case release(Int?)
        case capacity(Int, admissible: Int)
        case admitNext(Int?)
        case remove(Int, Bool)

        var description: String {
            switch self {
            case let .acquire(id, want): "acquire(\(id)) → \(want)"
            case let .reserve(want): "reserve → \(want)"
            case let .release(want): "release → \(want.map(String.init) ?? "nil")"
            case let .capacity(c, n): "capacity(\(c)) → \(n)"
            case let .admitNext(want): "admitNext → \(want.map(String.init) ?? "nil")"
            case let .remove(id, want): "remove(\(id)) → \(want)"
            }
        }
    }

    static func run(_ breaker: inout Breaker<Int>, _ steps: [Step]) {
        for (number, step) in steps.enumerated() {
            switch step {
            case let .acquire(id, want):
                #expect(breaker.tryAcquire(id) == want, "step \(number): \(step)")
            case let .reserve(want):
                #expect(breaker.tryReserve() == want, "step \(number): \(step)")
            case let .release(want):
                #expect(breaker.release() == want, "step \(number): \(step)")
            case let .capacity(c, admissible):
                #expect(breaker.updateCapacity(c) == admissible, "step \(number): \(step)")
            case let .admitNext(want):
                #expect(breaker.admitNext() == want, "step \(number): \(step)")
            case let .remove(id, want):
                #expect(breaker.removeWaiter(id) == want, "step \(number): \(step)")
            }
        }
    }

    struct Script: Sendable, CustomStringConvertible {
        var name: String
        var queueDepth: Int, maxConcurrency: Int, initialCapacity: Int
        var steps: [Step]
        var description: String { name }
    }

    static let knativeScripts: [Script] = [
        // TestBreakerReserveOverload: Reserve never queues.
        Script(name: "ReserveOverload", queueDepth: 1, maxConcurrency: 1, initialCapacity: 1, steps: [
            .reserve(true), .reserve(false), .release(nil), .reserve(true), .release(nil),
        ]),
        // TestBreakerOverloadMixed: a running request blocks a reservation.
        Script(name: "OverloadMixed", queueDepth: 1, maxConcurrency: 1, initialCapacity: 1, steps: [
            .acquire(1, .admitted), .reserve(false), .release(nil), .reserve(true), .release(nil),
        ]),
        // TestBreakerOverload: capacity 1 + queue 1; the third is rejected.
        Script(name: "Overload", queueDepth: 1, maxConcurrency: 1, initialCapacity: 1, steps: [
            .acquire(1, .admitted), .acquire(2, .queued), .acquire(3, .rejected),
            .release(2), .release(nil),
        ]),
        // TestBreakerQueueing: capacity 0 still queues up to queueDepth + maxConcurrency.
        Script(name: "Queueing", queueDepth: 1, maxConcurrency: 1, initialCapacity: 0, steps: [
            .acquire(1, .queued), .acquire(2, .queued), .acquire(3, .rejected),
            .capacity(1, admissible: 1), .admitNext(1), .admitNext(nil),
            .release(2), .release(nil),
        ]),
        // TestBreakerNoOverload: staying at the limit never rejects.
        Script(name: "NoOverload", queueDepth: 1, maxConcurrency: 1, initialCapacity: 1, steps: [
            .acquire(1, .admitted), .acquire(2, .queued),
            .release(2), .acquire(3, .queued),
            .release(3), .acquire(4, .queued),
            .release(4), .release(nil),
        ]),
        // TestBreakerCancel: cancelled waiters leave; the breaker stays consistent.
        Script(name: "Cancel", queueDepth: 1, maxConcurrency: 1, initialCapacity: 0, steps: [
            .acquire(1, .queued), .remove(1, true),
            .acquire(2, .queued), .remove(2, true),
            .capacity(1, admissible: 0),
            .acquire(3, .admitted), .acquire(4, .queued), .acquire(5, .rejected),
            .acquire(6, .rejected), .remove(6, false),
            .release(4), .release(nil),
        ]),
    ]

    @Test(arguments: knativeScripts)
    func knativeBreakerScript(_ script: Script) {
        var breaker = Breaker<Int>(queueDepth: script.queueDepth, maxConcurrency: script.maxConcurrency,
                                   initialCapacity: script.initialCapacity)
        Self.run(&breaker, script.steps)
        #expect(breaker.pending == 0)
    }

    // TestBreakerUpdateConcurrency
    @Test func updateConcurrencySetsCapacity() {
        var breaker = Breaker<Int>(queueDepth: 1, maxConcurrency: 1, initialCapacity: 0)
        breaker.updateCapacity(1)
        #expect(breaker.capacity == 1)
        breaker.updateCapacity(0)
        #expect(breaker.capacity == 0)
    }

    /// queue-proxy: CC requests run, 10·CC wait, the next one is rejected.
    @Test(arguments: [1, 2, 3, 10, 100])
    func queueProxyBoundaries(cc: Int) {
        var breaker = Breaker<Int>.queueProxy(containerConcurrency: cc)
        #expect(breaker.capacity == cc)
        #expect(breaker.queueDepth == 10 * cc)
        var outcomes: [BreakerAdmission: Int] = [:]
        for id in 0..<(11 * cc + 3) { outcomes[breaker.tryAcquire(id), default: 0] += 1 }
        #expect(outcomes[.admitted] == cc)
        #expect(outcomes[.queued] == 10 * cc)
        #expect(outcomes[.rejected] == 3)
        #expect(breaker.inFlight == cc && breaker.queued == 10 * cc && breaker.pending == 11 * cc)
        // One completion frees one place: the next arrival queues, the one after is rejected.
        #expect(breaker.release() == cc)
        #expect(breaker.tryAcquire(-1) == .queued)
        #expect(breaker.tryAcquire(-2) == .rejected)
    }

    @Test func queueProxyWithoutConcurrencyLimitAdmitsEverything() {
        var breaker = Breaker<Int>.queueProxy(containerConcurrency: 0)
        for id in 0..<50_000 { #expect(breaker.tryAcquire(id) == .admitted) }
        #expect(breaker.inFlight == 50_000 && breaker.queued == 0)
        #expect(breaker.release() == nil)
    }

    @Test func waitersAreAdmittedInArrivalOrder() {
        var breaker = Breaker<Int>(queueDepth: 100, maxConcurrency: 2, initialCapacity: 2)
        for id in 0..<12 { _ = breaker.tryAcquire(id) }
        #expect(breaker.removeWaiter(5) == true)
        var order: [Int] = []
        while breaker.inFlight > 0 {
            if let next = breaker.release() { order.append(next) }
        }
        #expect(order == [2, 3, 4, 6, 7, 8, 9, 10, 11])
    }

    @Test func newcomersDoNotOvertakeWaitersAfterACapacityRise() {
        var breaker = Breaker<Int>(queueDepth: 10, maxConcurrency: 10, initialCapacity: 0)
        Self.run(&breaker, [
            .acquire(1, .queued), .acquire(2, .queued), .acquire(3, .queued),
            .capacity(2, admissible: 2),
            // Before the caller admits the two, a newcomer arrives: it queues behind them.
            .acquire(4, .queued),
            .admitNext(1), .admitNext(2), .admitNext(nil),
            .release(3), .release(4), .release(nil), .release(nil),
        ])
    }

    @Test func loweringCapacityKeepsRunningRequestsAndAdmitsOnlyBelowIt() {
        var breaker = Breaker<Int>(queueDepth: 10, maxConcurrency: 3, initialCapacity: 3)
        Self.run(&breaker, [
            .acquire(1, .admitted), .acquire(2, .admitted), .acquire(3, .admitted),
            .acquire(4, .queued), .acquire(5, .queued),
            .capacity(1, admissible: 0),
            .release(nil),   // 2 still running, capacity 1
            .release(nil),   // 1 running
            .release(4),     // 0 running → 4 starts
            .capacity(3, admissible: 1),
            .admitNext(5),
        ])
        #expect(breaker.inFlight == 2 && breaker.queued == 0)
    }

    @Test func removingAnAdmittedOrUnknownRequestFails() {
        var breaker = Breaker<Int>(queueDepth: 5, maxConcurrency: 1, initialCapacity: 1)
        Self.run(&breaker, [.acquire(1, .admitted), .acquire(2, .queued), .remove(1, false), .remove(9, false),
                            .remove(2, true), .remove(2, false), .release(nil)])
    }

    /// The activator's CC = 0 gate: closed, it queues without limit; opened, it lets
    /// every waiter through at once.
    @Test func gateQueuesWithoutLimitWhileClosed() {
        var gate = Breaker<Int>.gate(open: false)
        for id in 0..<20_000 { #expect(gate.tryAcquire(id) == .queued) }
        #expect(gate.updateCapacity(.max) == 20_000)
        var admitted = 0
        while let id = gate.admitNext() {
            #expect(id == admitted)
            admitted += 1
        }
        #expect(admitted == 20_000)
        #expect(gate.tryAcquire(-1) == .admitted)
        gate.updateCapacity(0)
        #expect(gate.tryAcquire(-2) == .queued)
        #expect(gate.release() == nil)
    }

    /// The activator's revision breaker (queue depth 10 000, MaxConcurrency 2³¹ − 1):
    /// the rejection limit is their sum, so 10 001 waiting requests are still queued.
    @Test func activatorRevisionBreakerDoesNotRejectBeyondTenThousand() {
        var breaker = Breaker<Int>(queueDepth: 10_000, maxConcurrency: Int(Int32.max), initialCapacity: 0)
        for id in 0..<10_001 { #expect(breaker.tryAcquire(id) == .queued) }
        #expect(breaker.queued == 10_001)
    }
}
