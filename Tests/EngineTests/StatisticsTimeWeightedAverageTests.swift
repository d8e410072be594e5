import Testing
import Engine

private func atSecond(_ seconds: Int64) -> SimTime { SimTime.zero + .wholeSeconds(seconds) }

@Suite("Time-weighted average")
struct StatisticsTimeWeightedAverageTests {
    @Test("hand-computed example with warm-up")
    func handComputed() throws {
        // Measurement starts at 10 s. Level over time:
        //   [0, 4) 2   (warm-up only: no integral, not the max)
        //   [4, 12) 5  (counts from 10: 5 x 2 = 10)
        //   [12, 15) 3 (3 x 3 = 9)
        //   at 15: 9 for no time (replaced at the same instant: not the max)
        //   [15, 20) 1 (1 x 5 = 5)
        //   [20, 25] 4 (4 x 5 = 20)
        // Integral 44 level-seconds over 15 s: average 44 / 15; max 5.
        var level = TimeWeightedAverage(start: atSecond(10), level: 2)
        level.record(level: 5, at: atSecond(4))
        #expect(level.integral(until: atSecond(10)) == 0)
        #expect(level.average(until: atSecond(10)) == nil)
        level.record(level: 3, at: atSecond(12))
        #expect(level.integral(until: atSecond(13)) == 13)
        level.record(level: 9, at: atSecond(15))
        level.record(level: 1, at: atSecond(15))
        level.record(level: 4, at: atSecond(20))
        #expect(level.integral(until: atSecond(25)) == 44)
        #expect(abs(try #require(level.average(until: atSecond(25))) - 44.0 / 15) < 1e-12)
        #expect(level.maxLevel == 5)
        #expect(level.level == 4)
    }

    @Test("add(_:at:) tracks in-flight requests")
    func inFlight() throws {
        var inFlight = TimeWeightedAverage()
        inFlight.add(1, at: atSecond(1))
        inFlight.add(1, at: atSecond(2))
        inFlight.add(-1, at: atSecond(4))
        inFlight.add(-1, at: atSecond(5))
        // 1 x 1 + 2 x 2 + 1 x 1 = 6 over 6 s.
        #expect(inFlight.integral(until: atSecond(6)) == 6)
        #expect(inFlight.average(until: atSecond(6)) == 1)
        #expect(inFlight.maxLevel == 2)
    }

    @Test("nanosecond spans and a level set after the start")
    func fineGrained() throws {
        var pods = TimeWeightedAverage(start: .zero, level: 3, at: atSecond(5))
        #expect(pods.integral(until: atSecond(10)) == 15)
        #expect(pods.average(until: atSecond(10)) == 1.5)
        pods.record(level: 4, at: atSecond(10) + SimDuration(nanoseconds: 1))
        // 3 x (5 s + 1 ns) + 4 x 1 ns
        #expect(abs(pods.integral(until: atSecond(10) + SimDuration(nanoseconds: 2)) - (15 + 3e-9 + 4e-9)) < 1e-12)
    }
}
