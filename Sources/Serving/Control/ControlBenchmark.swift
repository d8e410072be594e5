#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import DequeModule
import Engine

/// Throughput of the data-plane control path, per CPU-second, for `knsim bench`
/// (printed, never asserted: the machines are shared).
///
/// Each request goes through the whole path the simulation drives: the activator's
/// concurrency reporter (in and out), the revision throttler (acquire, release, which
/// hands a freed slot to the next waiter), and the chosen pod's queue-proxy (stats and
/// breaker). A fixed number of requests is kept outstanding, the oldest completing
/// first; every 1 000 requests simulated time moves on one second and every queue-proxy
/// and the reporter report, and the scraper samples the pods.
public enum ControlBenchmark {
    public struct Result: Sendable, Equatable {
        public var requests: Int
        public var cpuSeconds: Double
        /// Sum of the scraped concurrency estimates: keeps the work observable.
        public var checksum: Double
        public var requestsPerSecond: Double { cpuSeconds > 0 ? Double(requests) / cpuSeconds : 0 }
    }

    public static func dataPlane(requests: Int, pods podCount: Int = 16, containerConcurrency cc: Int = 10,
                                 outstanding: Int = 64, seed: UInt64 = 1) -> Result {
        precondition(podCount > 0 && outstanding > 0 && requests > 0)
        var stream = RandomStream(name: "control-benchmark", seed: seed)
        var throttler = RevisionThrottler<Int, Int>(containerConcurrency: cc)
        throttler.updatePods(ready: 0..<podCount)
        var proxies = (0..<podCount).map { _ in QueueProxy<Int>(containerConcurrency: cc, startedAt: .zero) }
        var latestStats = Array(repeating: ScrapeCandidate(startTime: .zero, stat: .empty), count: podCount)
        var reporter = ActivatorConcurrencyReporter()
        var sampler = ScrapeSampler(stableWindow: .wholeSeconds(60))
        var running = Deque<PodLease<Int>>()
        running.reserveCapacity(outstanding + 1)
        var checksum = 0.0
        var now = SimTime.zero
        let step = SimDuration(nanoseconds: 1_000)

        func start(_ request: Int, on lease: PodLease<Int>, at now: SimTime) {
            _ = proxies[lease.pod].requestArrived(request, proxied: true, at: now)
            running.append(lease)
        }

        let begin = cpuSeconds()
        for request in 0..<requests {
            now = now + step
            _ = reporter.requestIn(at: now)
            if case let .assigned(lease) = throttler.acquire(request, random: &stream) {
                start(request, on: lease, at: now)
            }
            // Complete the oldest request once the window is full, or whenever requests
            // wait in the throttler (its capacity is below the window).
            if running.count >= outstanding || throttler.queued > 0, let done = running.popFirst() {
                _ = proxies[done.pod].requestFinished(proxied: true, at: now)
                reporter.requestOut(at: now)
                if let next = throttler.release(done, random: &stream) {
                    start(next.request, on: next.lease, at: now)
                }
            }
            if request % 1_000 == 999 {
                now = SimTime(nanoseconds: (now.nanoseconds / 1_000_000_000 + 1) * 1_000_000_000)
                for pod in 0..<podCount { latestStats[pod].stat = proxies[pod].report(at: now) }
                _ = reporter.report(at: now)
                checksum += sampler.scrape(latestStats, at: now, random: &stream)?.averageConcurrency ?? 0
            }
        }
        return Result(requests: requests, cpuSeconds: cpuSeconds() - begin, checksum: checksum)
    }

    private static func cpuSeconds() -> Double {
        var ts = timespec()
        guard clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) == 0 else { return 0 }
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
