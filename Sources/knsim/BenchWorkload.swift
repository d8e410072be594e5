import Engine
import Foundation
import Workload

extension BenchCommand {
    /// The cost of drawing arrivals, per process kind, through the `AnyArrivalProcess`
    /// enum the simulations use and (for two of them) directly, to show what the enum
    /// costs. The Azure 2019 row needs scenarios/traces/ (run from the repository root).
    func printWorkloadFigures() throws {
        print("\narrival processes (ns per arrival drawn; AnyArrivalProcess is \(MemoryLayout<AnyArrivalProcess>.size) B):")
        print(row("process", "arrivals", "CPU s", "ns/arrival"))
        let count = quick ? 500_000 : 2_000_000
        var processes: [(String, AnyArrivalProcess)] = [
            ("poisson", .poisson(try PoissonArrivals(rate: 1000))),
            ("deterministic", .deterministic(try DeterministicArrivals(rate: 1000))),
            ("schedule", .schedule(try ScheduledArrivals([
                .step(at: .zero, rate: 500),
                .ramp(at: .seconds(100), from: 500, to: 2000, over: .seconds(100.0)),
                .ramp(from: 2000, to: 100, over: .seconds(300.0))]))),
            ("diurnal", .diurnal(try DiurnalArrivals(mean: 1000, amplitude: 0.8, period: .seconds(600.0)))),
            ("mmpp on/off", .mmpp(try MMPPArrivals.onOff(onRate: 5000, meanOn: .seconds(1.0), meanOff: .seconds(4.0)))),
        ]
        let trace = "scenarios/traces/azure2019_invocations.d01.csv"
        if FileManager.default.fileExists(atPath: trace) {
            // The trace's third function (a busy one), looped and scaled to about 1000 req/s.
            let invocations = try Azure2019Invocations.load(files: [trace], function: try benchFunction(in: trace))
            processes.append(("azure2019 looped", .azure2019(try Azure2019Arrivals(invocations: invocations, scale: 1000, loop: true))))
        }
        for (name, process) in processes { printArrivalRow(name, process, count: count) }
        printArrivalRow("poisson, direct", try PoissonArrivals(rate: 1000), count: count)
        printArrivalRow("deterministic, direct", try DeterministicArrivals(rate: 1000), count: count)
    }

    func printArrivalRow<P: ArrivalProcess>(_ name: String, _ process: P, count: Int) {
        let random = RandomStreams(seed: 1).stream(named: "arrivals/bench")
        let start = CPUClock.now()
        let drawn = Self.drawArrivals(process, count: count, random: random)
        let cpu = CPUClock.now() - start
        print(row(name, grouped(Double(drawn)), format(cpu, 3), format(cpu * 1e9 / Double(max(1, drawn)), 1)))
    }

    /// Not inlined, so that the process is driven through its generic entry point.
    @inline(never)
    static func drawArrivals<P: ArrivalProcess>(_ process: P, count: Int, random: RandomStream) -> Int {
        var process = process
        var now = SimTime.zero
        var drawn = 0
        for _ in 0..<count {
            guard let next = process.nextArrival(after: now, using: random) else { break }
            now = next
            drawn += 1
        }
        return drawn
    }

    /// The HashFunction column of the trace's third data row.
    func benchFunction(in path: String) throws -> String? {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n", maxSplits: 4)
        guard lines.count > 3 else { return nil }
        let fields = lines[3].split(separator: ",", omittingEmptySubsequences: false)
        return fields.count > 2 ? String(fields[2]) : nil
    }
}
