/// Closed-form results the fixed pool is checked against.
public enum QueueingFormulas {
    /// Erlang C: the probability that an arrival to an M/M/c queue waits.
    /// `offeredLoad` is a = λ/μ; requires a < c.
    public static func erlangC(servers c: Int, offeredLoad a: Double) -> Double {
        // Σ_{k<c} a^k/k! and a^c/c!, by a running term so nothing overflows.
        var term = 1.0, sum = 0.0
        for k in 0..<c {
            sum += term
            term *= a / Double(k + 1)
        }
        let last = term / (1 - a / Double(c))
        return last / (sum + last)
    }

    /// M/M/c mean time in the queue, E[Wq] = C(c, a) / (cμ − λ).
    public static func mmcMeanWait(servers c: Int, arrivalRate lambda: Double, meanService: Double) -> Double {
        erlangC(servers: c, offeredLoad: lambda * meanService) / (Double(c) / meanService - lambda)
    }

    /// M/M/c/K: the probability that an arrival finds K requests in the system and is
    /// turned away (PASTA: it equals the time-stationary P(N = K)).
    /// p_n ∝ a^n/n! for n ≤ c and a^c/c! · (a/c)^(n−c) for c < n ≤ K.
    public static func mmckBlocking(servers c: Int, capacity k: Int, offeredLoad a: Double) -> Double {
        precondition(k >= c && c > 0)
        var term = 1.0, total = 0.0
        for n in 0...k {
            if n > 0 { term *= a / Double(Swift.min(n, c)) }
            total += term
        }
        return term / total
    }
}
