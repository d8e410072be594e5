import Engine
import Foundation
import Testing
import Workload

/// Prints the cost of drawing arrivals; asserts nothing about time (the machine is
/// shared). Run:  KNSIM_BENCH=1 swift test -c release --filter WorkloadBenchmark
@Suite(.enabled(if: ProcessInfo.processInfo.environment["KNSIM_BENCH"] != nil))
struct WorkloadBenchmark {
    @Test func nanosecondsPerArrival() throws {
        let inv = try Azure2019Invocations.load(files: [tracePath("azure2019_invocations.d01.csv")],
                                                function: try rows(tracePath("azure2019_invocations.d01.csv"))[3][2])
        let processes: [(String, AnyArrivalProcess)] = [
            ("poisson", .poisson(try PoissonArrivals(rate: 1000))),
            ("deterministic", .deterministic(try DeterministicArrivals(rate: 1000))),
            ("schedule (step+ramps)", .schedule(try ScheduledArrivals([
                .step(at: .zero, rate: 500),
                .ramp(at: .seconds(100), from: 500, to: 2000, over: .seconds(100.0)),
                .ramp(from: 2000, to: 100, over: .seconds(300.0))]))),
            ("diurnal a=0.8", .diurnal(try DiurnalArrivals(mean: 1000, amplitude: 0.8, period: .seconds(600.0)))),
            ("mmpp on/off", .mmpp(try MMPPArrivals.onOff(onRate: 5000, meanOn: .seconds(1.0), meanOff: .seconds(4.0)))),
            ("azure2019 (looped)", .azure2019(try Azure2019Arrivals(invocations: inv, scale: 1000, loop: true))),
        ]
        print("workload-bench sizes: AnyArrivalProcess \(MemoryLayout<AnyArrivalProcess>.size) B; poisson \(MemoryLayout<PoissonArrivals>.size), deterministic \(MemoryLayout<DeterministicArrivals>.size), schedule \(MemoryLayout<ScheduledArrivals>.size), diurnal \(MemoryLayout<DiurnalArrivals>.size), mmpp \(MemoryLayout<MMPPArrivals>.size), trace \(MemoryLayout<TraceArrivals>.size), azure2019 \(MemoryLayout<Azure2019Arrivals>.size)")
        for (name, process) in processes { Self.report(name, process) }
        Self.report("poisson (direct, no enum)", try PoissonArrivals(rate: 1000))
        Self.report("deterministic (direct, no enum)", try DeterministicArrivals(rate: 1000))
    }

    static func report<P: ArrivalProcess>(_ name: String, _ process: P) {
        let n = 2_000_000
        let random = stream(1)
        let clock = ContinuousClock()
        let start = clock.now
        let checksum = drive(process, n, random)
        let elapsed = clock.now - start
        let ns = Double(elapsed.components.attoseconds) / 1e9 + Double(elapsed.components.seconds) * 1e9
        print("workload-bench \(name): \(String(format: "%.1f", ns / Double(n))) ns/arrival (checksum \(checksum % 1000))")
    }

    @inline(never)
    static func drive<P: ArrivalProcess>(_ process: P, _ n: Int, _ random: RandomStream) -> Int64 {
        var p = process
        var now = SimTime.zero, checksum: Int64 = 0
        for _ in 0..<n {
            guard let t = p.nextArrival(after: now, using: random) else { break }
            now = t
            checksum &+= t.nanoseconds
        }
        return checksum
    }
}
