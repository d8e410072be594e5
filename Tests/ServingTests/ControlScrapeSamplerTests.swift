import Engine
import Serving
import Testing

/// The scraper's sample size (knative/serving `pkg/autoscaler/metrics/sample_size_test.go`
/// and the reference table), old/young pod selection and the extrapolated estimate
/// (`stats_scraper.go`).
@Suite struct ControlScrapeSamplerTests {
    static let window = SimDuration.wholeSeconds(60)

    @Test(arguments: [
        (0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 4), (6, 5), (8, 6), (10, 7), (15, 8), (20, 9),
        (30, 11), (50, 12), (100, 14), (200, 15), (500, 15), (1000, 16),
    ])
    func referenceSampleSizes(pods: Int, want: Int) {
        #expect(ScrapeSampler.sampleSize(readyPods: pods) == want)
    }

    /// N = 1…1000 against exact rational arithmetic: X = 15.3664 = 9604/625, so
    /// n = ⌈9604·N / (625·N + 8979)⌉ for N > 3.
    @Test func sampleSizeMatchesExactArithmetic() {
        var previous = 0
        for population in 1...1000 {
            let exact = population <= 3
                ? population
                : (9604 * population + 625 * population + 8979 - 1) / (625 * population + 8979)
            let n = ScrapeSampler.sampleSize(readyPods: population)
            #expect(n == exact, "N = \(population)")
            #expect(n >= previous && n <= population && n <= 16)
            previous = n
        }
        #expect(ScrapeSampler.sampleSize(readyPods: 1_000_000) == 16)
        #expect(ScrapeSampler.sampleSize(readyPods: -1) == 0)
    }

    @Test func noReadyPodNoEstimate() {
        var sampler = ScrapeSampler(stableWindow: Self.window)
        var random = ScriptedRandom()
        #expect(sampler.scrape([ScrapeCandidate](), at: .seconds(100), random: &random) == nil)
    }

    @Test func enoughOldPodsTakesARandomSubsetOfThem() {
        var sampler = ScrapeSampler(stableWindow: Self.window)
        // Five pods, all started ≥ 60 s before t = 100 s (pod 2 exactly 60 s).
        let starts: [SimTime] = [.seconds(0), .seconds(10), .seconds(40), .seconds(5), .seconds(1)]
        var random = ScriptedRandom([4, 0, 2, 1])
        let sample = sampler.selectSample(startTimes: starts, at: .seconds(100), random: &random)
        #expect(sample == [4, 1, 0, 2])
        #expect(random.bounds == [5, 4, 3, 2])
    }

    @Test func tooFewOldPodsTakesThemAllAndFillsWithYoungOnes() {
        var sampler = ScrapeSampler(stableWindow: Self.window)
        // Six pods, n = 5; old: 1 and 4 (the latter started exactly one window ago).
        let starts: [SimTime] = [.seconds(80), .seconds(0), .seconds(70), .seconds(99), .seconds(40), .seconds(41)]
        var random = ScriptedRandom([3, 0, 1])
        let sample = sampler.selectSample(startTimes: starts, at: .seconds(100), random: &random)
        #expect(sample == [1, 4, 5, 2, 0])
        #expect(random.bounds == [4, 3, 2])
        #expect(sampler.lastSample == sample)
    }

    @Test func allYoungPodsStillGiveAnEstimate() {
        var sampler = ScrapeSampler(stableWindow: Self.window)
        var random = ScriptedRandom([1, 0])
        let pods = [ScrapeCandidate(startTime: .seconds(95), stat: PodStat(averageConcurrency: 2, requestsPerSecond: 4)),
                    ScrapeCandidate(startTime: .seconds(97), stat: PodStat(averageConcurrency: 1, requestsPerSecond: 2))]
        let estimate = sampler.scrape(pods, at: .seconds(100), random: &random)
        #expect(estimate == PodStat(averageConcurrency: 3, requestsPerSecond: 6))
        #expect(sampler.lastSample == [1, 0])
    }

    @Test func estimateIsSampleSumOverNTimesN() {
        var sampler = ScrapeSampler(stableWindow: Self.window)
        let pods = (1...5).map { value in
            ScrapeCandidate(startTime: .zero, stat: PodStat(averageConcurrency: Double(value),
                                                             averageProxiedConcurrency: Double(value) / 2,
                                                             requestsPerSecond: Double(10 * value),
                                                             proxiedRequestsPerSecond: 1, processUptime: 100))
        }
        var random = ScriptedRandom([4, 0, 2, 1])   // sample positions 4, 1, 0, 2: values 5, 2, 1, 3
        let estimate = sampler.scrape(pods, at: .seconds(100), random: &random)
        #expect(estimate == PodStat(averageConcurrency: 11.0 / 4 * 5, averageProxiedConcurrency: 5.5 / 4 * 5,
                                    requestsPerSecond: 110.0 / 4 * 5, proxiedRequestsPerSecond: 4.0 / 4 * 5,
                                    processUptime: 0))
        // Sampling every pod gives the exact total.
        var all = ScrapeSampler(stableWindow: Self.window)
        var three = ScriptedRandom([0, 0, 0])
        #expect(all.scrape(pods[..<3], at: .seconds(100), random: &three)?.averageConcurrency == 6)
    }

    /// With a real stream each of 20 old pods is sampled with frequency n/N = 9/20, and
    /// young pods only when the old ones are too few.
    @Test func randomSelectionIsUniformOverOldPods() {
        var sampler = ScrapeSampler(stableWindow: Self.window)
        var random = RandomStream(name: "scraper", seed: 11)
        let starts = (0..<20).map { SimTime.seconds(Double($0)) } + [SimTime.seconds(90)]
        var counts = Array(repeating: 0, count: starts.count)
        let rounds = 20_000
        for _ in 0..<rounds {
            // 21 pods: n = 10, 20 old, so the young pod (index 20) is never taken.
            for position in sampler.selectSample(startTimes: starts, at: .seconds(100), random: &random) {
                counts[position] += 1
            }
        }
        #expect(counts[20] == 0)
        for position in 0..<20 {
            let frequency = Double(counts[position]) / Double(rounds)
            #expect(abs(frequency - 0.5) < 0.02, "pod \(position): \(frequency)")
        }
    }
}
