import CGSL

/// GSL's generator algorithms that a scenario may choose (`generator:`).
public enum GeneratorKind: String, Sendable, CaseIterable {
    case mt19937, ranlxd2, taus2, gfsr4, ranlux389

    var gslType: UnsafePointer<gsl_rng_type> {
        switch self {
        case .mt19937: return knsim_rng_mt19937()
        case .ranlxd2: return knsim_rng_ranlxd2()
        case .taus2: return knsim_rng_taus2()
        case .gfsr4: return knsim_rng_gfsr4()
        case .ranlux389: return knsim_rng_ranlux389()
        }
    }
}

/// One component's own sequence of random numbers, on a GSL generator.
///
/// A class because it owns the C generator; it is not shared between components
/// (each asks `RandomStreams` for its own by name).
public final class RandomStream {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    public let name: String
    public let seed: UInt64

    public init(name: String, seed: UInt64, kind: GeneratorKind = .mt19937) {
        RandomStream.disableGSLAbort
        self.name = name
        self.seed = seed
        rng = gsl_rng_alloc(kind.gslType)
        gsl_rng_set(rng, UInt(truncatingIfNeeded: seed))
    }

    deinit { gsl_rng_free(rng) }

    /// Uniform on the open interval (0, 1).
    @inlinable public func uniformOpen() -> Double { gsl_rng_uniform_pos(rng) }

    /// Uniform on [0, 1).
    @inlinable public func uniform() -> Double { gsl_rng_uniform(rng) }

    /// Uniform integer in 0..<n (n > 0).
    @inlinable public func integer(below n: Int) -> Int {
        Int(gsl_rng_uniform_int(rng, UInt(n)))
    }

    /// The raw GSL generator, for GSL distribution calls.
    @inlinable public var gsl: UnsafeMutablePointer<gsl_rng> { rng }

    /// GSL's default error handler aborts the process on a bad parameter. We validate
    /// every parameter ourselves, so turn it off once, before any GSL call.
    private static let disableGSLAbort: Void = { _ = gsl_set_error_handler_off() }()
}

/// The scenario's source of named random streams.
///
/// Each stream's seed is derived from the scenario seed and the stream's *name* only,
/// so adding a component (a new name) never changes the draws of any other, and two
/// policies compared on one seed see the same arrivals.
///
/// Derivation (fixed and documented, never Swift's per-process `Hasher`):
///   h = FNV-1a-64(UTF-8 bytes of name)
///   streamSeed = splitmix64(scenarioSeed XOR splitmix64(h))
/// GSL's mt19937 uses the low 32 bits of the seed; other generators use more.
public struct RandomStreams: Sendable {
    public let seed: UInt64
    public let kind: GeneratorKind

    public init(seed: UInt64, kind: GeneratorKind = .mt19937) {
        self.seed = seed
        self.kind = kind
    }

    public func stream(named name: String) -> RandomStream {
        RandomStream(name: name, seed: Self.derivedSeed(scenarioSeed: seed, name: name), kind: kind)
    }

    public static func derivedSeed(scenarioSeed: UInt64, name: String) -> UInt64 {
        splitmix64(scenarioSeed ^ splitmix64(fnv1a64(name)))
    }

    /// FNV-1a, 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
    public static func fnv1a64(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in s.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    /// The SplitMix64 finaliser (Steele, Lea and Flood 2014): a bijective mixer.
    public static func splitmix64(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
