import Foundation

/// Closed-form results for the M/M/c queue (Erlang C), the yardstick of the fixed pool.
struct MMcQueue {
    /// Arrival rate λ (per second).
    var arrivalRate: Double
    /// Mean service time 1/μ (seconds).
    var meanService: Double
    /// Servers c.
    var servers: Int

    var offeredLoad: Double { arrivalRate * meanService }          // a = λ/μ
    var utilisation: Double { offeredLoad / Double(servers) }      // ρ = a/c

    /// Erlang C: the probability that an arriving request waits.
    var probabilityOfWaiting: Double {
        let a = offeredLoad, c = servers
        // Σ_{k<c} a^k/k! and a^c/c!, computed by a running term to avoid overflow.
        var term = 1.0, sum = 0.0
        for k in 0..<c {
            sum += term
            term *= a / Double(k + 1)
        }
        let last = term / (1 - utilisation)
        return last / (sum + last)
    }

    /// Mean time in the queue, E[Wq] = C(c, a) / (cμ − λ).
    var meanWait: Double {
        probabilityOfWaiting / (Double(servers) / meanService - arrivalRate)
    }
}
