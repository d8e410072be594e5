import Engine
import Foundation

/// One state of a Markov-modulated Poisson process.
public struct MMPPState: Sendable, Equatable {
    /// Arrival rate while in this state, requests per second (0 allowed: "off").
    public var rate: Double
    /// Mean time spent in the state per visit (exponentially distributed).
    public var meanSojourn: SimDuration

    public init(rate: Double, meanSojourn: SimDuration) {
        self.rate = rate
        self.meanSojourn = meanSojourn
    }
}

/// A Markov-modulated Poisson process (MMPP): a hidden continuous-time Markov chain
/// moves between states; in state i arrivals are Poisson at `states[i].rate`.
/// Two states (on/off) give bursty traffic; k states are allowed.
///
/// On leaving state i the next state is drawn from row i of `transitions` (the jump
/// chain; the diagonal must be 0). With two states the chain simply alternates.
/// The initial state is drawn from the chain's stationary distribution (so the
/// process is stationary from the start) unless `initialState` is given.
///
/// Each call advances the hidden chain as far as needed: within a state the
/// arrivals are memoryless, so a candidate gap that overshoots the state's end is
/// discarded and redrawn from the end in the next state — exact, by the
/// memorylessness of the exponential.
public struct MMPPArrivals: ArrivalProcess, Sendable, Equatable {
    public let states: [MMPPState]
    /// Jump probabilities, row-major k × k.
    @usableFromInline let jump: [Double]
    /// Long-run fraction of time spent in each state.
    public let stationary: [Double]
    public let initialState: Int?

    @usableFromInline var current = -1
    @usableFromInline var stateEnd = SimTime.zero

    /// - Parameters:
    ///   - transitions: k × k jump probabilities (rows sum to 1, zero diagonal);
    ///     default: uniform over the other states.
    public init(states: [MMPPState], transitions: [[Double]]? = nil, initialState: Int? = nil) throws {
        let k = states.count
        guard k >= 2 else { throw WorkloadError(parameter: "states", message: "needs at least 2 states, got \(k)") }
        for (i, s) in states.enumerated() {
            try WorkloadError.requireNonNegative(s.rate, "states[\(i)].rate")
            guard s.meanSojourn > .zero else {
                throw WorkloadError(parameter: "states[\(i)].meanSojourn", message: "must be greater than 0, got \(s.meanSojourn)")
            }
        }
        guard states.contains(where: { $0.rate > 0 }) else {
            throw WorkloadError(parameter: "states", message: "at least one state must have a rate above 0")
        }
        if let initialState, !(0..<k).contains(initialState) {
            throw WorkloadError(parameter: "initialState", message: "must be a state index in 0..<\(k), got \(initialState)")
        }
        var jump = [Double](repeating: 0, count: k * k)
        if let transitions {
            guard transitions.count == k else {
                throw WorkloadError(parameter: "transitions", message: "must have \(k) rows, got \(transitions.count)")
            }
            for (i, row) in transitions.enumerated() {
                guard row.count == k else {
                    throw WorkloadError(parameter: "transitions[\(i)]", message: "must have \(k) entries, got \(row.count)")
                }
                for (j, p) in row.enumerated() {
                    try WorkloadError.requireNonNegative(p, "transitions[\(i)][\(j)]")
                    if i == j && p != 0 {
                        throw WorkloadError(parameter: "transitions[\(i)][\(j)]", message: "must be 0 (a jump leaves the state; the sojourn time covers staying), got \(p)")
                    }
                    jump[i * k + j] = p
                }
                let sum = row.reduce(0, +)
                guard abs(sum - 1) < 1e-9 else {
                    throw WorkloadError(parameter: "transitions[\(i)]", message: "must sum to 1, got \(sum)")
                }
            }
        } else {
            for i in 0..<k { for j in 0..<k where i != j { jump[i * k + j] = 1 / Double(k - 1) } }
        }
        self.states = states
        self.jump = jump
        self.initialState = initialState
        stationary = Self.timeStationary(jump: jump, states: states)
    }

    /// Two-state bursty traffic: `onRate` for exponential periods of mean `meanOn`,
    /// then `offRate` (default 0) for periods of mean `meanOff`.
    public static func onOff(onRate: Double, offRate: Double = 0, meanOn: SimDuration, meanOff: SimDuration) throws -> MMPPArrivals {
        try MMPPArrivals(states: [MMPPState(rate: onRate, meanSojourn: meanOn),
                                  MMPPState(rate: offRate, meanSojourn: meanOff)])
    }

    /// The long-run arrival rate, Σ πᵢ λᵢ.
    public var longRunRate: Double {
        zip(stationary, states).reduce(0) { $0 + $1.0 * $1.1.rate }
    }

    /// Time-stationary distribution: the jump chain's stationary ν weighted by the
    /// mean sojourn (πᵢ ∝ νᵢ mᵢ). ν by power iteration on the lazy chain (P + I)/2,
    /// which has the same ν and is aperiodic, so it converges even for the
    /// alternating two-state chain. k is small; this runs once.
    static func timeStationary(jump: [Double], states: [MMPPState]) -> [Double] {
        let k = states.count
        var nu = [Double](repeating: 1 / Double(k), count: k)
        for _ in 0..<100_000 {
            var next = [Double](repeating: 0, count: k)
            for i in 0..<k {
                next[i] += 0.5 * nu[i]
                for j in 0..<k { next[j] += 0.5 * nu[i] * jump[i * k + j] }
            }
            let change = zip(next, nu).reduce(0) { max($0, abs($1.0 - $1.1)) }
            nu = next
            if change < 1e-15 { break }
        }
        let weighted = (0..<k).map { nu[$0] * states[$0].meanSojourn.seconds }
        let total = weighted.reduce(0, +)
        return weighted.map { $0 / total }
    }

    /// The hidden state the process is in (−1 before the first arrival is drawn).
    public var currentState: Int { current }

    @inlinable
    public mutating func nextArrival(after now: SimTime, using random: RandomStream) -> SimTime? {
        if current < 0 { enter(initialState ?? pick(from: stationary, using: random), at: now, using: random) }
        // The caller may have skipped ahead; the chain is memoryless, so advance it.
        while stateEnd <= now { enter(nextState(using: random), at: stateEnd, using: random) }
        var t = now
        while true {
            let rate = states[current].rate
            if rate > 0 {
                let candidate = t + .seconds(random.exponential(mean: 1 / rate))
                if candidate < stateEnd { return candidate }
            }
            t = stateEnd
            enter(nextState(using: random), at: t, using: random)
        }
    }

    @inlinable mutating func enter(_ state: Int, at time: SimTime, using random: RandomStream) {
        current = state
        stateEnd = time + .seconds(random.exponential(mean: states[state].meanSojourn.seconds))
    }

    @inlinable func nextState(using random: RandomStream) -> Int {
        let k = states.count
        if k == 2 { return 1 - current }
        return pick(fromRow: current, using: random)
    }

    @inlinable func pick(fromRow row: Int, using random: RandomStream) -> Int {
        let k = states.count
        var u = random.uniform()
        for j in 0..<k {
            u -= jump[row * k + j]
            if u < 0 { return j }
        }
        // Rounding left u a hair above zero: take the last state with any mass.
        return (0..<k).last { jump[row * k + $0] > 0 } ?? 0
    }

    @inlinable func pick(from weights: [Double], using random: RandomStream) -> Int {
        var u = random.uniform()
        for (j, w) in weights.enumerated() {
            u -= w
            if u < 0 { return j }
        }
        return (weights.indices).last { weights[$0] > 0 } ?? 0
    }
}
