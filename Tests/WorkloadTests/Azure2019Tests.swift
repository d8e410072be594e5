import Engine
import Testing
import Workload

@Suite struct Azure2019Tests {
    let day1 = tracePath("azure2019_invocations.d01.csv")
    let day2 = tracePath("azure2019_invocations.d02.csv")
    let durations = tracePath("azure2019_durations.d01.csv")

    /// The file's counts for the row of `function` (or the first), by a trivial parse.
    func fileCounts(_ path: String, function: String? = nil) throws -> (hash: String, counts: [UInt32]) {
        let row = try rows(path).dropFirst().first { function == nil || $0[2] == function }!
        return (row[2], row[4...].map { UInt32($0)! })
    }

    func perMinute(_ times: [SimTime], minutes: Int, start: SimTime = .zero) -> [UInt32] {
        var c = [UInt32](repeating: 0, count: minutes)
        for t in times { c[Int((t - start).nanoseconds / 60_000_000_000)] += 1 }
        return c
    }

    @Test(arguments: [0, 1, 2])
    func perMinuteCountsAreReproducedExactly(row: Int) throws {
        let hash = try rows(day1)[row + 1][2]
        let expected = try fileCounts(day1, function: hash).counts
        let inv = try Azure2019Invocations.load(files: [day1], function: hash)
        #expect(inv.countsPerMinute == expected)
        let start = SimTime.seconds(100)
        let times = arrivals(try Azure2019Arrivals(invocations: inv, start: start), until: .distantFuture,
                             start: start, using: stream(UInt64(row)))
        #expect(UInt64(times.count) == inv.totalInvocations)
        #expect(perMinute(times, minutes: 1440, start: start) == expected)
    }

    @Test func firstRowIsTheDefaultAndMissingDaysAreZeros() throws {
        let first = try Azure2019Invocations.load(files: [day1, day2])
        #expect(first.hashFunction == (try fileCounts(day1).hash))
        #expect(first.trigger == "http")
        #expect(first.days == 2)
        #expect(Array(first.countsPerMinute[1440...]) == (try fileCounts(day2, function: first.hashFunction).counts))
        let queueHash = try rows(day1)[3][2]
        let queue = try Azure2019Invocations.load(files: [day1, day2], function: queueHash)
        #expect(queue.countsPerMinute[1440...].allSatisfy { $0 == 0 })
        #expect(queue.totalInvocations == 1909)
    }

    @Test func pointsAreUniformWithinTheMinute() throws {
        let inv = try Azure2019Invocations.load(files: [day1])
        let times = arrivals(try Azure2019Arrivals(invocations: inv), until: .distantFuture, using: stream(3))
        let offsets = times.map { Double($0.nanoseconds % 60_000_000_000) / 1e9 }
        let m = offsets.reduce(0, +) / Double(offsets.count)
        // Uniform on [0, 60): mean 30, sd 17.3/√n ≈ 0.23 here.
        #expect(abs(m - 30) < 1)
        #expect(offsets.filter { $0 < 15 }.count > offsets.count / 5)
        #expect(offsets.filter { $0 >= 45 }.count > offsets.count / 5)
    }

    @Test func loopScaleAndStartMinute() throws {
        let inv = Azure2019Invocations(hashFunction: "f", countsPerMinute: [3, 0, 5] + [UInt32](repeating: 0, count: 1437))
        let looped = arrivals(try Azure2019Arrivals(invocations: inv, loop: true), until: .seconds(3 * 86_400), using: stream(1))
        let c = perMinute(looped, minutes: 3 * 1440)
        #expect(c[0] == 3 && c[2] == 5 && c[1440] == 3 && c[1442] == 5 && c[2880] == 3 && c[2882] == 5)
        #expect(looped.count == 24)

        let doubled = arrivals(try Azure2019Arrivals(invocations: inv, scale: 2), until: .distantFuture, using: stream(1))
        #expect(perMinute(doubled, minutes: 3) == [6, 0, 10])

        let fromMinute2 = arrivals(try Azure2019Arrivals(invocations: inv, startMinute: 2), until: .distantFuture, using: stream(1))
        #expect(perMinute(fromMinute2, minutes: 1) == [5])

        // Fractional scale: mean count n × scale.
        let big = Azure2019Invocations(hashFunction: "f", countsPerMinute: [UInt32](repeating: 10, count: 1440))
        let thinned = arrivals(try Azure2019Arrivals(invocations: big, scale: 0.35), until: .distantFuture, using: stream(2))
        #expect(withinPoissonNoise(thinned.count, expected: 5040))
        #expect(perMinute(thinned, minutes: 1440).allSatisfy { $0 == 3 || $0 == 4 })
    }

    @Test func durationPercentilesAreReproduced() throws {
        let row = try rows(durations)[3]  // the queue function: widest spread
        let d = try Azure2019Durations.load(file: durations, function: row[2])
        #expect(d.hashFunction == row[2])
        #expect(d.averageMilliseconds == Double(row[3]))
        #expect(d.count == 1000)
        let probabilities = [0, 0.01, 0.25, 0.5, 0.75, 0.99, 1]
        let milliseconds = row[7...13].map { Double($0)! }
        for (p, ms) in zip(probabilities, milliseconds) {
            #expect(d.quantiles.quantile(p) == ms / 1000)
        }
        // Sampled through the service-time model, the empirical percentiles match.
        let r = stream(5, "service/test")
        let samples = (0..<200_000).map { _ in d.serviceTime.serviceTime(recorded: nil, using: r).seconds }.sorted()
        // The fraction of draws at or below each given percentile is its probability,
        // within 4 binomial standard errors.
        for (p, ms) in zip(probabilities, milliseconds) where p > 0 && p < 1 {
            let below = Double(samples.prefix { $0 <= ms / 1000 }.count) / Double(samples.count)
            #expect(abs(below - p) < 4 * (p * (1 - p) / Double(samples.count)).squareRoot(), "p\(p): \(below)")
        }
        #expect(samples.first! >= milliseconds[0] / 1000 && samples.last! <= milliseconds[6] / 1000)
    }

    @Test func badFilesNameTheProblem() throws {
        let header = "HashOwner,HashApp,HashFunction,Trigger," + (1...1440).map(String.init).joined(separator: ",")
        let ok = (1...1440).map { _ in "1" }
        var bad = ok
        bad[9] = "x"
        let path = try temporaryFile(header + "\no,a,f,http," + bad.joined(separator: ",") + "\n")
        do {
            _ = try Azure2019Invocations.load(files: [path])
            Issue.record("accepted a bad count")
        } catch let e as TraceError {
            #expect(e.line == 2 && e.column == 14 && e.field == "10")
        }
        let short = try temporaryFile(header + "\no,a,f,http,1,2\n")
        #expect(throws: TraceError.self) { try Azure2019Invocations.load(files: [short]) }
        #expect(throws: TraceError.self) { try Azure2019Invocations.load(files: [day1], function: "no-such-function") }
        let badHeader = try temporaryFile("HashOwner,HashApp,HashFunction,Trigger,1,2,4\n")
        #expect(throws: TraceError.self) { try Azure2019Invocations.load(files: [badHeader]) }

        let durationsHeader = try rows(durations)[0].joined(separator: ",")
        let decreasing = try temporaryFile(durationsHeader + "\no,a,f,10,5,1,20,1,2,9,8,12,15,20\n")
        do {
            _ = try Azure2019Durations.load(file: decreasing)
            Issue.record("accepted decreasing percentiles")
        } catch let e as TraceError {
            #expect(e.line == 2 && e.field == "percentile_Average_50" && e.column == 11)
        }
    }
}
