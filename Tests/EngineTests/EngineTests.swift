import Testing
@testable import Engine

struct EngineTests {
    enum Event: Equatable { case tick(Int), stop }

    /// Runs the engine to the end, returning (time, payload) of every event it ran.
    static func run<P>(_ engine: inout Engine<P>) -> [(Int64, P)] {
        var ran: [(Int64, P)] = []
        while let e = engine.next() { ran.append((engine.now.nanoseconds, e)) }
        return ran
    }

    @Test func stopsBeforeEndTimeAndLeavesTheClockAtTheEnd() {
        var engine = Engine<Int>(endTime: SimTime(nanoseconds: 100))
        for t: Int64 in [50, 10, 100, 99, 150] { engine.schedule(Int(t), at: SimTime(nanoseconds: t)) }
        let ran = Self.run(&engine)
        #expect(ran.map(\.0) == [10, 50, 99])
        #expect(ran.map(\.1) == [10, 50, 99])
        #expect(engine.now == SimTime(nanoseconds: 100))
        #expect(engine.eventsProcessed == 3)
        // The events at and after the end never run, and asking again changes nothing.
        #expect(engine.pendingCount == 2)
        #expect(engine.peekTime == SimTime(nanoseconds: 100))
        #expect(engine.next() == nil)
        #expect(engine.now == SimTime(nanoseconds: 100))
        #expect(engine.eventsProcessed == 3)
    }

    @Test func emptyRunEndsAtEndTime() {
        var engine = Engine<Int>(endTime: .seconds(5))
        #expect(engine.peekTime == nil)
        #expect(engine.next() == nil)
        #expect(engine.now == .seconds(5))
        #expect(engine.eventsProcessed == 0)
    }

    @Test(arguments: [
        // (warm-up end, event time, warming up while that event runs)
        (Int64(30), Int64(0), true),
        (30, 29, true),
        (30, 30, false),
        (30, 31, false),
        (0, 0, false),
    ])
    func warmUpFlag(warmupEnd: Int64, eventTime: Int64, warmingUp: Bool) {
        var engine = Engine<Int>(endTime: SimTime(nanoseconds: 100), warmupEnd: SimTime(nanoseconds: warmupEnd))
        #expect(engine.warmupEnd == SimTime(nanoseconds: warmupEnd))
        #expect(engine.isWarmingUp == (warmupEnd > 0))  // the clock starts at zero
        engine.schedule(1, at: SimTime(nanoseconds: eventTime))
        #expect(engine.next() == 1)
        #expect(engine.isWarmingUp == warmingUp)
        #expect(engine.next() == nil)
        #expect(!engine.isWarmingUp)  // the run ended after the warm-up
    }

    @Test func handlersScheduleRelativeToNow() {
        // A chain of ticks every 7 ns from 3 ns; the end at 100 ns cuts it after 97 ns.
        var engine = Engine<Event>(endTime: SimTime(nanoseconds: 100))
        engine.schedule(.tick(0), at: SimTime(nanoseconds: 3))
        var times: [Int64] = []
        while let event = engine.next() {
            guard case .tick(let n) = event else { continue }
            times.append(engine.now.nanoseconds)
            engine.schedule(.tick(n + 1), after: SimDuration(nanoseconds: 7))
        }
        #expect(times == Array(stride(from: 3, through: 97, by: 7)))
        #expect(engine.eventsProcessed == times.count)
        #expect(engine.pendingCount == 1)  // the tick at 104 ns
        #expect(engine.now == SimTime(nanoseconds: 100))
    }

    @Test func eventsScheduledAtNowRunAfterThoseAlreadyDue() {
        var engine = Engine<String>(endTime: .seconds(1))
        engine.schedule("a", at: SimTime(nanoseconds: 5))
        engine.schedule("b", at: SimTime(nanoseconds: 5))
        var order: [String] = []
        while let e = engine.next() {
            order.append(e)
            if e == "a" { engine.schedule("c", after: .zero) }
            if e == "c" { engine.schedule("d", at: engine.now) }
        }
        #expect(order == ["a", "b", "c", "d"])
        #expect(engine.eventsProcessed == 4)
    }

    @Test func cancelThroughTheEngine() {
        var engine = Engine<Int>(endTime: .seconds(1))
        let keep = engine.schedule(1, at: SimTime(nanoseconds: 10))
        let drop = engine.schedule(2, at: SimTime(nanoseconds: 5))
        #expect(engine.isPending(drop))
        #expect(engine.cancel(drop) == true)
        #expect(engine.cancel(drop) == false)
        #expect(!engine.isPending(drop))
        #expect(engine.peekTime == SimTime(nanoseconds: 10))
        #expect(Self.run(&engine).map(\.1) == [1])
        #expect(!engine.isPending(keep))
        #expect(engine.eventsProcessed == 1)
    }

    @Test func distantFutureNeverRunsAndAfterSaturates() {
        var engine = Engine<Int>(endTime: .distantFuture)
        engine.schedule(1, at: SimTime(nanoseconds: 1))
        #expect(engine.next() == 1)
        engine.schedule(2, after: SimDuration(nanoseconds: .max))  // saturates to distantFuture
        engine.schedule(3, at: .distantFuture)
        engine.schedule(4, at: SimTime(nanoseconds: .max - 1))
        #expect(engine.next() == 4)
        #expect(engine.next() == nil)  // events at exactly endTime don't run
        #expect(engine.now == .distantFuture)
        #expect(engine.pendingCount == 2)
    }

    @Test func reserveCapacityKeepsBehaviour() {
        var engine = Engine<Int>(endTime: .seconds(1))
        engine.reserveCapacity(1_000)
        for i in 0..<100 { engine.schedule(i, at: SimTime(nanoseconds: Int64(100 - i))) }
        #expect(Self.run(&engine).map(\.1) == Array((0..<100).reversed()))
    }

    @Test func schedulingInThePastIsAPreconditionFailure() async {
        await #expect(processExitsWith: .failure) {
            var engine = Engine<Int>(endTime: .seconds(1))
            engine.schedule(1, at: SimTime(nanoseconds: 10))
            _ = engine.next()
            engine.schedule(2, at: SimTime(nanoseconds: 9))
        }
        await #expect(processExitsWith: .failure) {
            var engine = Engine<Int>(endTime: .seconds(1))
            engine.schedule(2, after: SimDuration(nanoseconds: -1))
        }
        await #expect(processExitsWith: .failure) {
            var queue = EventQueue<Int>()
            queue.schedule(1, at: SimTime(nanoseconds: 10))
            _ = queue.popNext()
            queue.schedule(2, at: SimTime(nanoseconds: 9))
        }
    }
}
