import Foundation
import Engine
import Testing
import Workload

@Suite struct ScheduleTests {
    @Test func stepCountsMatchTheIntegral() throws {
        let schedule = try RateSchedule([
            .step(at: .zero, rate: 5), .step(at: .seconds(100), rate: 20),
            .step(at: .seconds(200), rate: 0), .step(at: .seconds(300), rate: 10),
        ])
        let times = arrivals(ScheduledArrivals(schedule: schedule), until: .seconds(400), using: stream(3))
        let c = counts(times, width: 100, windows: 4)
        #expect(c[2] == 0)  // rate zero: not one arrival
        for (i, expected) in [500.0, 2000, 0, 1000].enumerated() {
            #expect(schedule.expectedArrivals(from: .seconds(Double(i) * 100), to: .seconds(Double(i + 1) * 100)) == expected)
            #expect(withinPoissonNoise(c[i], expected: expected), "step \(i): \(c[i]) vs \(expected)")
        }
    }

    @Test func rampCountsMatchTheTrapezoidIntegral() throws {
        // 0 until 10 s; 0 → 100 req/s over 100 s; hold at 100; then down 80 → 20 over 60 s from 150 s.
        let schedule = try RateSchedule([
            .ramp(at: .seconds(10), from: 0, to: 100, over: .seconds(100.0)),
            .ramp(at: .seconds(150), from: 80, to: 20, over: .seconds(60.0)),
        ])
        let windows: [(from: Double, to: Double, trapezoid: Double)] = [
            (0, 10, 0),
            (10, 60, (0 + 50) / 2 * 50),
            (60, 110, (50 + 100) / 2 * 50),
            (110, 150, 100 * 40),
            (150, 180, (80 + 50) / 2 * 30),
            (180, 210, (50 + 20) / 2 * 30),
            (210, 250, 20 * 40),
        ]
        var total = [Int](repeating: 0, count: windows.count)
        let replicas = 4
        for seed in 1...UInt64(replicas) {
            for t in arrivals(ScheduledArrivals(schedule: schedule), until: .seconds(250), using: stream(seed)) {
                let i = windows.firstIndex { t.seconds >= $0.from && t.seconds < $0.to }!
                total[i] += 1
            }
        }
        for (i, w) in windows.enumerated() {
            let integral = schedule.expectedArrivals(from: .seconds(w.from), to: .seconds(w.to))
            #expect(abs(integral - w.trapezoid) < 1e-9, "window \(i): integral \(integral) vs \(w.trapezoid)")
            #expect(withinPoissonNoise(total[i], expected: Double(replicas) * w.trapezoid), "window \(i): \(total[i])")
        }
        #expect(total[0] == 0)
        #expect(schedule.rate(at: .seconds(60)) == 50)
        #expect(schedule.rate(at: .seconds(180)) == 50)
        #expect(schedule.rate(at: .seconds(1000)) == 20)
    }

    @Test func rampWithoutAtFollowsThePreviousRamp() throws {
        let schedule = try RateSchedule([
            .ramp(from: 0, to: 10, over: .seconds(10.0)),       // starts at 0
            .ramp(from: 10, to: 0, over: .seconds(10.0)),       // starts at 10
        ])
        #expect(schedule.expectedArrivals(from: .zero, to: .seconds(30)) == 100)
        // Rate zero from 20 s on: the process ends.
        let times = arrivals(ScheduledArrivals(schedule: schedule), until: .distantFuture, using: stream(5))
        #expect(times.allSatisfy { $0 < .seconds(20) })
        #expect(withinPoissonNoise(times.count, expected: 100))
    }

    @Test func badSchedulesNameTheChange() {
        func parameter(_ changes: [RateChange]) -> String? {
            do { _ = try RateSchedule(changes); return nil } catch let e as WorkloadError { return e.parameter } catch { return "?" }
        }
        #expect(parameter([.step(at: .zero, rate: 1), .ramp(from: 1, to: 2, over: .seconds(1.0))]) == "changes[1].at")
        #expect(parameter([.step(at: .seconds(10), rate: 1), .step(at: .seconds(5), rate: 1)]) == "changes[1].at")
        #expect(parameter([.ramp(at: .zero, from: 0, to: 1, over: .seconds(10.0)), .step(at: .seconds(5), rate: 1)]) == "changes[1].at")
        #expect(parameter([.step(at: .zero, rate: -1)]) == "changes[0].rate")
        #expect(parameter([.ramp(from: 0, to: 1, over: .zero)]) == "changes[0].over")
        #expect(parameter([.step(at: .zero, rate: 1), .step(at: .seconds(1), rate: 2)]) == nil)
    }

    @Test func diurnalCountsPerPhaseBucketFollowTheSine() throws {
        let period = 600.0, periods = 30, buckets = 12
        let p = try DiurnalArrivals(mean: 20, amplitude: 0.8, period: .seconds(period), phase: .seconds(50))
        let times = arrivals(p, until: .seconds(period * Double(periods)), using: stream(11))
        var c = [Int](repeating: 0, count: buckets)
        for t in times { c[Int(t.seconds.truncatingRemainder(dividingBy: period) / (period / Double(buckets)))] += 1 }
        let width = period / Double(buckets)
        for b in 0..<buckets {
            let a = Double(b) * width
            // ∫ mean (1 + A sin(2π(t − φ)/P)) dt over the bucket, by hand.
            let w = 2 * Double.pi / period
            let exact = 20 * (width - 0.8 / w * (cos(w * (a + width - 50)) - cos(w * (a - 50))))
            #expect(abs(p.expectedArrivals(from: .seconds(a), to: .seconds(a + width)) - exact) < 1e-6)
            #expect(withinPoissonNoise(c[b], expected: exact * Double(periods)), "bucket \(b): \(c[b]) vs \(exact * 30)")
        }
        // The shape is really a sine: the peak bucket has ≥ 5× the trough's arrivals.
        #expect(Double(c.max()!) > 5 * Double(c.min()!))
        #expect(abs(p.rate(at: .seconds(50 + 150)) - 36) < 1e-9)  // a quarter period after the phase: peak
    }

    @Test func rejectsBadDiurnalParameters() {
        #expect(throws: WorkloadError.self) { try DiurnalArrivals(mean: 1, amplitude: 1.5) }
        #expect(throws: WorkloadError.self) { try DiurnalArrivals(mean: -1, amplitude: 0.5) }
        #expect(throws: WorkloadError.self) { try DiurnalArrivals(mean: 1, amplitude: 0.5, period: .zero) }
    }
}
