import Testing
import Engine

private func firstDraws(_ stream: RandomStream, _ n: Int = 64) -> [Double] {
    (0..<n).map { _ in stream.uniform() }
}

@Suite("Random streams")
struct RandomStreamTests {
    @Test("FNV-1a-64 matches the published test vectors",
          arguments: [("", 0xcbf2_9ce4_8422_2325 as UInt64), ("a", 0xaf63_dc4c_8601_ec8c), ("foobar", 0x8594_4171_f739_67e8)])
    func fnv1a64(input: String, expected: UInt64) {
        #expect(RandomStreams.fnv1a64(input) == expected)
    }

    @Test("SplitMix64 matches the reference generator's first outputs")
    func splitmix64() {
        // The reference splitmix64.c seeded with x returns splitmix64(x) first.
        #expect(RandomStreams.splitmix64(0) == 0xe220_a839_7b1d_cdaf)
        #expect(RandomStreams.splitmix64(1_234_567) == 6_457_827_717_110_365_317)
    }

    @Test("stream seeds follow the documented derivation",
          arguments: [(42 as UInt64, "arrivals", 0xb568_2cff_04b0_950f as UInt64),
                      (0, "", 0x21fa_69a5_8f3d_62f5),
                      (.max, "autoscaler/kpa", 0xcd75_254d_2a6d_dc75)])
    func derivation(seed: UInt64, name: String, expected: UInt64) {
        // Expected values computed outside Swift from
        // splitmix64(seed XOR splitmix64(fnv1a64(name))).
        #expect(RandomStreams.derivedSeed(scenarioSeed: seed, name: name) == expected)
        let stream = RandomStreams(seed: seed).stream(named: name)
        #expect(stream.seed == expected)
        #expect(stream.name == name)
    }

    @Test("the seed reaches GSL's mt19937 unchanged")
    func seedReachesGenerator() {
        // Reference MT19937 (init_genrand(5489)) first output: 3499211612; GSL's
        // uniform() is that output / 2^32.
        let stream = RandomStream(name: "raw", seed: 5489)
        #expect(stream.uniform() == 3_499_211_612.0 / 4_294_967_296.0)
    }

    @Test("same scenario seed and name give the same sequence")
    func reproducible() {
        let a = RandomStreams(seed: 7).stream(named: "service-time")
        let b = RandomStreams(seed: 7).stream(named: "service-time")
        #expect(firstDraws(a) == firstDraws(b))
    }

    @Test("different names give different sequences")
    func namesDiffer() {
        let streams = RandomStreams(seed: 7)
        let names = ["arrivals", "service-time", "cold-start", "arrivals2", "Arrivals"]
        let sequences = names.map { firstDraws(streams.stream(named: $0)) }
        for i in sequences.indices {
            for j in sequences.indices where j > i {
                #expect(sequences[i] != sequences[j], "\(names[i]) and \(names[j]) share a sequence")
                // Not merely shifted copies: no common draw in the first 64.
                #expect(Set(sequences[i]).isDisjoint(with: sequences[j]))
            }
        }
    }

    @Test("creating and using another stream does not change a stream's draws")
    func independentOfOtherStreams() {
        let alone = firstDraws(RandomStreams(seed: 99).stream(named: "arrivals"), 100)

        let streams = RandomStreams(seed: 99)
        let extraBefore = streams.stream(named: "new-component")
        let arrivals = streams.stream(named: "arrivals")
        let extraAfter = streams.stream(named: "another")
        var interleaved: [Double] = []
        for _ in 0..<100 {
            _ = extraBefore.uniform()
            interleaved.append(arrivals.uniform())
            _ = extraAfter.integer(below: 10)
        }
        #expect(interleaved == alone)
    }

    @Test("different scenario seeds give different sequences")
    func seedsDiffer() {
        let seeds: [UInt64] = [0, 1, 2, 42, 1 << 32, .max]
        let sequences = seeds.map { firstDraws(RandomStreams(seed: $0).stream(named: "arrivals")) }
        for i in sequences.indices {
            for j in sequences.indices where j > i {
                #expect(sequences[i] != sequences[j], "seeds \(seeds[i]) and \(seeds[j]) share a sequence")
            }
        }
    }

    @Test("every generator kind works", arguments: GeneratorKind.allCases)
    func generatorWorks(kind: GeneratorKind) {
        let streams = RandomStreams(seed: 2024, kind: kind)
        let draws = firstDraws(streams.stream(named: "x"), 20_000)
        #expect(draws.allSatisfy { $0 >= 0 && $0 < 1 })
        // Mean of U(0,1) draws: 0.5 with standard error sqrt(1/12 / n); allow 5.
        let mean = draws.reduce(0, +) / Double(draws.count)
        #expect(abs(mean - 0.5) <= 5 * (1.0 / 12 / Double(draws.count)).squareRoot())
        let integers = streams.stream(named: "y")
        #expect((0..<1000).allSatisfy { _ in (0..<7).contains(integers.integer(below: 7)) })
        let open = streams.stream(named: "z")
        #expect((0..<1000).allSatisfy { _ in let u = open.uniformOpen(); return u > 0 && u < 1 })
        #expect(firstDraws(streams.stream(named: "x")) == Array(draws.prefix(64)))
    }

    @Test("generator kinds give different sequences for one seed")
    func generatorsDiffer() {
        let kinds = GeneratorKind.allCases
        let sequences = kinds.map { firstDraws(RandomStreams(seed: 2024, kind: $0).stream(named: "x")) }
        for i in sequences.indices {
            for j in sequences.indices where j > i {
                #expect(sequences[i] != sequences[j], "\(kinds[i]) and \(kinds[j]) agree")
            }
        }
    }
}
