import ArgumentParser
import Engine
import Foundation
import Serving
import Autoscaling
import Workload

/// Speed and memory figures, printed rather than asserted (the machines are shared
/// and noisy, so timed unit tests would be flaky). Build in release for real figures:
/// `swift run -c release knsim bench`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the event queue, the models' and their parts' speed, and memory.",
        discussion: """
            Figures are per CPU-second of this process (CLOCK_PROCESS_CPUTIME_ID), so \
            another load on the machine slows them less than wall-clock figures.
            """
    )

    /// The parts of the benchmark, in the order they run.
    enum Section: String, CaseIterable, ExpressibleByArgument {
        case eventQueue = "event-queue", dataPlane = "data-plane", fixedPool = "fixed-pool", knative
        case keepAlive = "keep-alive", kpa, cluster, workload
    }

    @Flag(help: "Smaller runs (10^5..10^7 requests instead of 10^6..10^8).")
    var quick = false

    @Option(help: "Run only this section (\(Section.allCases.map(\.rawValue).joined(separator: ", "))); alone in its process, its max RSS is its own.")
    var only: Section?

    func run() throws {
        #if DEBUG
        print("note: this is a debug build; figures are for release builds (swift run -c release knsim bench)")
        #endif
        print("knsim bench (seed 1, one core)")
        for section in Section.allCases where only == nil || only == section {
            switch section {
            case .eventQueue: printEventQueueFigures()
            case .dataPlane: printDataPlaneFigures()
            case .fixedPool: printFixedPoolFigures()
            case .knative: try printKnativeFigures()
            case .keepAlive: printKeepAliveFigures()
            case .kpa: try printKPAFigures()
            case .cluster: printClusterFigures()
            case .workload: try printWorkloadFigures()
            }
        }
    }

    /// The full data path as the issue states it: mesh on, KPA, activator always in the
    /// path (target-burst-capacity −1), two revisions split 50/50, container-concurrency
    /// 10, Poisson load at 1000 req/s.
    func printKnativeFigures() throws {
        print("\nKnative data path (mesh, KPA, TBC −1, 2 revisions 50/50, cc 10, Poisson 1000 req/s):")
        print(row("simulated s", "requests", "CPU s", "requests/CPU-s", "max RSS MiB"))
        for seconds in quick ? [100.0, 1000] : [1000.0, 10_000] {
            let settings = try AutoscalingSettings(pairs: [(key: "container-concurrency", value: "10"),
                                                           (key: "target-burst-capacity", value: "-1")])
            let revisions = ["a", "b"].map {
                RevisionSpec(name: "bench-\($0)", trafficPercent: 50, containerConcurrency: 10, autoscaling: settings,
                             serviceTime: .exponential(mean: 0.05))
            }
            let configuration = KnativeModelConfiguration(
                duration: .seconds(seconds), seed: 1,
                services: [ServiceSpec(name: "bench", revisions: revisions)],
                workloads: [WorkloadSpec(service: "bench", arrivals: .poisson(try PoissonArrivals(rate: 1000)))])
            let start = CPUClock.now()
            var simulation = KnativeSimulation(configuration)
            let report = simulation.run()
            let cpu = CPUClock.now() - start
            let requests = Double(report.overall.arrived)
            print(row(format(seconds, 0), grouped(requests), format(cpu, 2), grouped(requests / cpu),
                      format(CPUClock.maxResidentMiB(), 1)))
        }
    }

    func printEventQueueFigures() {
        print("\nevent queue, hold model (pop the earliest event, push one at its time + Exp(1 ms)):")
        print(row("queue", "pending", "cancelling", "events", "CPU s", "events/CPU-s"))
        let events = quick ? 2_000_000 : 10_000_000
        for pending in [1_000, 10_000, 100_000, 1_000_000] {
            for queue in EngineBenchmark.Queue.allCases {
                for cancelling in [false, true] {
                    let r = EngineBenchmark.holdModel(pending: pending, events: events, cancelling: cancelling, queue: queue)
                    print(row(queue.rawValue, String(pending), cancelling ? "yes" : "no", grouped(Double(r.events)),
                              format(r.cpuSeconds, 3), grouped(r.eventsPerSecond)))
                }
            }
        }
    }

    /// The control types alone (reporter, throttler, queue-proxy, scraper), as real mode
    /// will drive them: the ceiling the simulation's request path can reach.
    func printDataPlaneFigures() {
        print("\ndata-plane control path alone (activator reporter, throttler, queue-proxy, scraper; 16 pods):")
        print(row("cc", "requests", "CPU s", "requests/CPU-s"))
        let requests = quick ? 1_000_000 : 10_000_000
        for cc in [0, 1, 10] {
            let r = ControlBenchmark.dataPlane(requests: requests, containerConcurrency: cc)
            print(row(String(cc), grouped(Double(r.requests)), format(r.cpuSeconds, 2), grouped(r.requestsPerSecond)))
        }
    }

    func printFixedPoolFigures() {
        print("\nfixed pool (M/M/c: 64 pods, container-concurrency 1, ρ=0.8, exponential service 10 ms):")
        print(row("requests", "CPU s", "requests/CPU-s", "max RSS MiB"))
        let sizes: [Double] = quick ? [1e5, 1e6, 1e7] : [1e6, 1e7, 1e8]
        for requests in sizes {
            let pods = 64, meanService = 0.01
            let lambda = 0.8 * Double(pods) / meanService
            let configuration = FixedPoolConfiguration(
                duration: .seconds(requests / lambda), seed: 1,
                services: [.init(name: "bench", revisions: [
                    .init(name: "bench-1", trafficPercent: 100, pods: pods, containerConcurrency: 1,
                          serviceTime: .exponential(mean: meanService)),
                ], interarrival: .exponential(mean: 1 / lambda))])
            let start = CPUClock.now()
            var simulation = FixedPoolSimulation(configuration)
            let report = simulation.run()
            let seconds = CPUClock.now() - start
            let simulated = Double(report.overall.arrived)
            print(row(grouped(simulated), format(seconds, 2), grouped(simulated / seconds), format(CPUClock.maxResidentMiB(), 1)))
        }
        print("(max RSS is the process's high-water mark: flat across rows means memory does not grow with requests)")
    }

    func row(_ columns: String...) -> String {
        // At least one space after a long cell, so columns never run together.
        columns.map { $0.padding(toLength: max(16, $0.count + 1), withPad: " ", startingAt: 0) }.joined()
    }

    func format(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    func grouped(_ x: Double) -> String {
        let digits = String(Int64(x.rounded()))
        var out = ""
        for (i, ch) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return String(out.reversed())
    }
}

/// This process's CPU time and memory high-water mark.
enum CPUClock {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func maxResidentMiB() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_maxrss) / 1024  // Linux reports KiB
    }
}
