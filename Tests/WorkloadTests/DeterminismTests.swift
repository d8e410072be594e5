import Engine
import Testing
import Workload

@Suite struct DeterminismTests {
    static func processes() throws -> [(String, AnyArrivalProcess)] {
        let trace = try TimestampCSV.load(file: tracePath("timestamps.csv"))
        let azure = try Azure2019Invocations.load(files: [tracePath("azure2019_invocations.d01.csv")])
        return [
            ("poisson", .poisson(try PoissonArrivals(rate: 20))),
            ("schedule", .schedule(try ScheduledArrivals([.step(at: .zero, rate: 5), .ramp(at: .seconds(30), from: 5, to: 50, over: .seconds(60.0))]))),
            ("diurnal", .diurnal(try DiurnalArrivals(mean: 10, amplitude: 0.5, period: .wholeSeconds(100)))),
            ("mmpp", .mmpp(try MMPPArrivals.onOff(onRate: 40, meanOn: .wholeSeconds(5), meanOff: .wholeSeconds(5)))),
            ("trace", .trace(TraceArrivals(trace: trace))),
            ("azure2019", .azure2019(try Azure2019Arrivals(invocations: azure, startMinute: 600))),
            ("deterministic", .deterministic(try DeterministicArrivals(rate: 3))),
        ]
    }

    @Test func sameSeedSameArrivalsDifferentSeedDifferentArrivals() throws {
        for (name, p) in try Self.processes() {
            let a = arrivals(p, until: .seconds(600), using: stream(42, "arrivals/\(name)"))
            let b = arrivals(p, until: .seconds(600), using: stream(42, "arrivals/\(name)"))
            let c = arrivals(p, until: .seconds(600), using: stream(43, "arrivals/\(name)"))
            #expect(a.count > 20, "\(name)")
            #expect(a == b, "\(name): same seed must replay")
            if name != "trace" && name != "deterministic" {
                #expect(a != c, "\(name): another seed should differ")
            } else {
                #expect(a == c, "\(name): draws no randomness")
            }
        }
    }

    @Test func drawingFromAnotherStreamDoesNotShiftArrivals() throws {
        // The model draws service times from its own stream; arrivals must not notice.
        let p = AnyArrivalProcess.poisson(try PoissonArrivals(rate: 5))
        let plain = arrivals(p, until: .seconds(100), using: stream(9))
        var q = p
        let r = stream(9), service = stream(9, "service/test")
        var now = SimTime.zero, interleaved: [SimTime] = []
        while let t = q.nextArrival(after: now, using: r), t < .seconds(100) {
            interleaved.append(t)
            _ = ServiceTimeModel.distribution(.exponential(mean: 0.1)).serviceTime(recorded: nil, using: service)
            now = t
        }
        #expect(plain == interleaved)
    }
}

@Suite struct LayoutTests {
    /// `AnyArrivalProcess` is copied out and back on every call; a payload that grows
    /// (e.g. by holding strings) makes every case slow. Keep it within 9 words.
    @Test func anyArrivalProcessStaysSmall() {
        #expect(MemoryLayout<AnyArrivalProcess>.size <= 72)
    }
}
