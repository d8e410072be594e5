import Engine

/// The one seam through which the data-plane control logic draws random numbers.
///
/// Knative's activator picks pods at random (power of two choices, `lb_policy.go`) and
/// its scraper samples pods at random (`stats_scraper.go`). Those choices take their
/// draws through this protocol, passed `inout` at each call, so that the simulation
/// uses a named `RandomStream` (reproducible), real mode uses whatever it likes, and
/// tests script the exact draws.
public protocol RandomIndexSource {
    /// A uniformly distributed integer in `0..<n`; `n` is at least 1.
    mutating func index(below n: Int) -> Int
}

extension RandomStream: RandomIndexSource {
    @inlinable public func index(below n: Int) -> Int { integer(below: n) }
}
