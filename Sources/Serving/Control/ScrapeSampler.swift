import Engine

/// One ready pod as the autoscaler's scraper sees it.
public struct ScrapeCandidate: Sendable, Equatable {
    /// When the pod started. Direct pod scraping uses the pod's start time
    /// (`PodIPsSplitByAge`, `pkg/resources/pods.go`); scraping through the Service (mesh)
    /// uses queue-proxy's process start (`ProcessUptime`).
    public var startTime: SimTime
    /// The pod's latest report (`PodStat.empty` before its first).
    public var stat: PodStat

    public init(startTime: SimTime, stat: PodStat) {
        self.startTime = startTime
        self.stat = stat
    }
}

/// The autoscaler's once-a-second scrape of a revision (`serviceScraper.scrapePods`,
/// `pkg/autoscaler/metrics/stats_scraper.go`; `populationMeanSampleSize`,
/// `sample_size.go`): it reads the latest stats of a random sample of the ready pods
/// and extrapolates their average to the whole revision.
///
/// - Sample size n for N ready pods: N when N ≤ 3, else ⌈N·X / (N + X − 1)⌉ with
///   X = 1.96² · 100 / 5² = 15.3664; at most 16.
/// - Old pods started at least one stable window ago. With at least n old pods, a
///   random n of them; otherwise every old pod and randomly chosen young pods to fill up.
/// - The estimate is (sum over the sample) / n · N: a revision total. With no ready pod
///   there is no estimate (Knative records nothing).
///
/// Not modelled: failed scrapes (the whole scrape then records nothing) and the
/// mesh path's retries until n distinct pods answer; the mesh path is approximated by
/// this selection with queue-proxy start times. Knative adds the sampled stats in the
/// order the scrapes complete; here they are added in sample order.
public struct ScrapeSampler: Sendable {
    /// Knative's X: 1.96² · 100 / 5², written as the double nearest the exact value, as
    /// Go's exact constant arithmetic gives it. (Multiplying the factors in Double gives
    /// 15.366399999999999 instead; no sample size for N ≤ 1000 changes, but the literal
    /// is the faithful value.)
    public static let sampleSizeConstant = 15.3664

    /// Pods younger than this are young: the revision's stable window.
    public var youngPodCutoff: SimDuration
    /// Positions (in the collection passed to the last `selectSample` or `scrape`) of
    /// the pods sampled, in the order drawn.
    public private(set) var lastSample: [Int] = []
    private var old: [Int] = []
    private var young: [Int] = []

    public init(stableWindow: SimDuration) {
        youngPodCutoff = stableWindow
    }

    /// Knative's `populationMeanSampleSize` for N ready pods.
    public static func sampleSize(readyPods population: Int) -> Int {
        if population <= 3 { return Swift.max(population, 0) }
        let n = Double(population)
        return Int((n * sampleSizeConstant / (n + sampleSizeConstant - 1)).rounded(.up))
    }

    /// Chooses the sample among pods with the given start times; returns positions.
    public mutating func selectSample<StartTimes: Collection, R: RandomIndexSource>(
        startTimes: StartTimes, at now: SimTime, random: inout R
    ) -> [Int] where StartTimes.Element == SimTime {
        old.removeAll(keepingCapacity: true)
        young.removeAll(keepingCapacity: true)
        lastSample.removeAll(keepingCapacity: true)
        for (position, start) in startTimes.enumerated() {
            if now - start >= youngPodCutoff { old.append(position) } else { young.append(position) }
        }
        let n = Self.sampleSize(readyPods: old.count + young.count)
        if old.count >= n {
            Self.drawPrefix(n, of: &old, random: &random)
            lastSample.append(contentsOf: old[..<n])
        } else {
            lastSample.append(contentsOf: old)
            let fill = n - old.count
            Self.drawPrefix(fill, of: &young, random: &random)
            lastSample.append(contentsOf: young[..<fill])
        }
        return lastSample
    }

    /// Scrapes: selects the sample and returns the revision-total estimate, or nil with
    /// no ready pod. The estimate's `processUptime` is 0 (Knative's scraper leaves it unset).
    public mutating func scrape<Pods: Collection, R: RandomIndexSource>(
        _ pods: Pods, at now: SimTime, random: inout R
    ) -> PodStat? where Pods.Element == ScrapeCandidate {
        let population = pods.count
        guard population > 0 else { return nil }
        _ = selectSample(startTimes: pods.lazy.map(\.startTime), at: now, random: &random)
        var sum = PodStat()
        for offset in lastSample {
            let stat = pods[pods.index(pods.startIndex, offsetBy: offset)].stat
            sum.averageConcurrency += stat.averageConcurrency
            sum.averageProxiedConcurrency += stat.averageProxiedConcurrency
            sum.requestsPerSecond += stat.requestsPerSecond
            sum.proxiedRequestsPerSecond += stat.proxiedRequestsPerSecond
        }
        return Self.extrapolate(sum, sampleSize: lastSample.count, population: population)
    }

    /// Knative's `Stat.average`: each field / n · N, in that order.
    public static func extrapolate(_ sum: PodStat, sampleSize: Int, population: Int) -> PodStat {
        let n = Double(sampleSize), total = Double(population)
        return PodStat(averageConcurrency: sum.averageConcurrency / n * total,
                       averageProxiedConcurrency: sum.averageProxiedConcurrency / n * total,
                       requestsPerSecond: sum.requestsPerSecond / n * total,
                       proxiedRequestsPerSecond: sum.proxiedRequestsPerSecond / n * total)
    }

    /// Moves a uniformly random `k` of `items` to the front, in random order (a partial
    /// Fisher–Yates shuffle: `k` draws).
    private static func drawPrefix<R: RandomIndexSource>(_ k: Int, of items: inout [Int], random: inout R) {
        for i in 0..<k {
            let j = i + random.index(below: items.count - i)
            items.swapAt(i, j)
        }
    }
}
