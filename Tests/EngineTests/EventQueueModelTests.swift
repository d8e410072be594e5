import Testing
@testable import Engine

/// Randomized model-based tests: the real queue and `ModelQueue` receive the same
/// interleaving of schedules, pops, cancels and pending checks, and must agree after
/// every operation.
struct EventQueueModelTests {
    enum Spread: String, Sendable {
        /// Increments of 0...2 ns: most events tie with others.
        case ties
        /// Increments below a microsecond.
        case narrow
        /// Increments up to ~18 minutes: entries start in high buckets.
        case wide
        /// Any increment up to saturation at `Int64.max` (distantFuture).
        case fullRange
        /// A different spread for every schedule.
        case mixed
    }

    struct Scenario: Sendable, CustomTestStringConvertible {
        var spread: Spread
        var seed: UInt64
        /// The first event's earliest time (before any pop any time is allowed).
        var start: Int64
        /// Percentage of operations that schedule; the rest pop, cancel or check.
        var schedulePercent: Int
        var operations: Int
        var testDescription: String { "\(spread.rawValue) seed \(seed) start \(start) schedule \(schedulePercent)%" }
    }

    static let scenarios: [Scenario] = [
        Scenario(spread: .ties, seed: 1, start: 0, schedulePercent: 45, operations: 8_000),
        Scenario(spread: .ties, seed: 2, start: 1_000, schedulePercent: 60, operations: 8_000),
        Scenario(spread: .narrow, seed: 3, start: 0, schedulePercent: 45, operations: 8_000),
        Scenario(spread: .narrow, seed: 4, start: -5_000, schedulePercent: 35, operations: 8_000),
        Scenario(spread: .wide, seed: 5, start: 0, schedulePercent: 50, operations: 8_000),
        Scenario(spread: .fullRange, seed: 6, start: .min, schedulePercent: 45, operations: 8_000),
        Scenario(spread: .fullRange, seed: 7, start: -1, schedulePercent: 55, operations: 8_000),
        Scenario(spread: .mixed, seed: 8, start: 0, schedulePercent: 45, operations: 8_000),
        Scenario(spread: .mixed, seed: 9, start: .min, schedulePercent: 60, operations: 8_000),
        Scenario(spread: .mixed, seed: 10, start: 123_456_789, schedulePercent: 40, operations: 8_000),
    ]

    static func increment(_ spread: Spread, _ random: inout SplitMix64) -> Int64 {
        switch spread {
        case .ties: return Int64.random(in: 0...2, using: &random)
        case .narrow: return Int64.random(in: 0..<1_000, using: &random)
        case .wide: return Int64.random(in: 0..<(1 << 40), using: &random)
        case .fullRange:
            switch Int.random(in: 0..<4, using: &random) {
            case 0: return 0
            case 1: return Int64.max  // saturates to distantFuture
            case 2: return Int64(1) << Int64.random(in: 0...62, using: &random)
            default: return Int64.random(in: 0...Int64.max, using: &random)
            }
        case .mixed:
            let spreads: [Spread] = [.ties, .narrow, .wide, .fullRange]
            return increment(spreads[Int.random(in: 0..<4, using: &random)], &random)
        }
    }

    @Test(arguments: scenarios)
    func agreesWithModel(_ scenario: Scenario) {
        var random = SplitMix64(seed: scenario.seed)
        var queue = EventQueue<Int>()
        var model = ModelQueue()
        // Every handle ever issued, with the model's name for it: cancels and checks
        // pick from all of them, so they hit popped, cancelled and reused slots too.
        var issued: [(handle: TimerHandle, seq: Int)] = []
        var base = scenario.start
        var payload = 0
        var pops = 0, successfulCancels = 0, failedCancels = 0
        // The first disagreement, described; checking with `#expect` after every
        // operation would make the test slow for no gain.
        var disagreement: String?

        func check(_ agree: Bool, _ what: @autoclosure () -> String, step: Int) {
            if !agree && disagreement == nil { disagreement = "step \(step): \(what())" }
        }

        for step in 0..<scenario.operations where disagreement == nil {
            let roll = Int.random(in: 0..<100, using: &random)
            if roll < scenario.schedulePercent {
                let (sum, overflow) = base.addingReportingOverflow(Self.increment(scenario.spread, &random))
                let time = overflow ? Int64.max : sum
                payload += 1
                let handle = queue.schedule(payload, at: SimTime(nanoseconds: time))
                issued.append((handle, model.schedule(payload, at: time)))
                check(queue.isPending(handle), "new event not pending", step: step)
            } else if roll < scenario.schedulePercent + (100 - scenario.schedulePercent) / 2 {
                let expected = model.popNext()
                let actual = queue.popNext()
                check(actual?.time.nanoseconds == expected?.time && actual?.payload == expected?.payload,
                      "popped \(String(describing: actual)), expected \(String(describing: expected))", step: step)
                if let expected { base = expected.time; pops += 1 }
            } else if !issued.isEmpty {
                let pick = issued[Int.random(in: 0..<issued.count, using: &random)]
                if roll < 95 {
                    let expected = model.cancel(pick.seq)
                    check(queue.cancel(pick.handle) == expected, "cancel should return \(expected)", step: step)
                    check(!queue.isPending(pick.handle), "pending after cancel", step: step)
                    if expected { successfulCancels += 1 } else { failedCancels += 1 }
                } else {
                    check(queue.isPending(pick.handle) == model.isPending(pick.seq), "isPending", step: step)
                }
            }
            check(queue.count == model.count, "count \(queue.count) vs \(model.count)", step: step)
            check(queue.isEmpty == (model.count == 0), "isEmpty", step: step)
            check(queue.nextTime?.nanoseconds == model.nextTime,
                  "nextTime \(String(describing: queue.nextTime)) vs \(String(describing: model.nextTime))", step: step)
            if step % 400 == 0 {
                let violations = queue.invariantViolations()
                check(violations.isEmpty, "invariants: \(violations)", step: step)
            }
        }
        #expect(disagreement == nil)
        // Drain: the rest must come out in exactly the model's order.
        var drained: [(Int64, Int)] = [], expected: [(Int64, Int)] = []
        while let e = queue.popNext() { drained.append((e.time.nanoseconds, e.payload)) }
        while let e = model.popNext() { expected.append((e.time, e.payload)) }
        #expect(drained.map(\.0) == expected.map(\.0))
        #expect(drained.map(\.1) == expected.map(\.1))
        #expect(queue.count == 0 && queue.nextTime == nil)
        // The scenario really exercised what it is meant to.
        #expect(pops > 500)
        #expect(successfulCancels > 100)
        #expect(failedCancels > 100)
    }

    /// Round-robin routing resets the timer of the instance idle longest: every cancel
    /// removes the earliest timer, which is its bucket's minimum.
    @Test func roundRobinKeepAliveTimersAgreeWithModel() {
        var random = SplitMix64(seed: 99)
        var queue = EventQueue<Int>()
        var model = ModelQueue()
        let instances = 250, keepAlive: Int64 = 60_000_000_000
        var timers: [(handle: TimerHandle, seq: Int)] = (0..<instances).map { i in
            let t = keepAlive + Int64(i)
            return (queue.schedule(i, at: SimTime(nanoseconds: t)), model.schedule(i, at: t))
        }
        var now: Int64 = 0
        var mismatches = 0
        for step in 0..<20_000 {
            // A request arrives; the handler resets the next instance's keep-alive timer.
            let arrival = now + Int64.random(in: 0..<2_000_000, using: &random)
            _ = queue.schedule(-1, at: SimTime(nanoseconds: arrival))
            _ = model.schedule(-1, at: arrival)
            if queue.nextTime?.nanoseconds != model.nextTime { mismatches += 1 }
            let popped = queue.popNext(), expected = model.popNext()
            if popped?.time.nanoseconds != expected?.time || popped?.payload != expected?.payload { mismatches += 1 }
            now = expected!.time
            guard expected!.payload == -1 else { continue }  // a timer expired: not reset
            let i = step % instances
            if queue.cancel(timers[i].handle) != model.cancel(timers[i].seq) { mismatches += 1 }
            timers[i] = (queue.schedule(i, at: SimTime(nanoseconds: now + keepAlive)), model.schedule(i, at: now + keepAlive))
            if queue.nextTime?.nanoseconds != model.nextTime { mismatches += 1 }
        }
        #expect(mismatches == 0)
        #expect(queue.count == model.count)
    }
}
