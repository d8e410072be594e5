import Engine

/// One downstream call a revision's request makes to another service of the scenario.
public struct CallSpec: Sendable, Equatable {
    /// The called service's name (a service of the same configuration).
    public var service: String
    /// Chance that a request makes the call (each of `count` draws on its own). Default 1.
    public var probability: Double
    /// How many such calls: one after another in a sequential step, at once in a
    /// parallel group. Default 1.
    public var count: Int
    /// How long the caller waits for the answer before it gives up (its request then
    /// fails with `call-timeout`). Default nil: only the callee's own timeout bounds it.
    public var timeout: SimDuration?

    public init(service: String, probability: Double = 1, count: Int = 1, timeout: SimDuration? = nil) {
        self.service = service
        self.probability = probability
        self.count = count
        self.timeout = timeout
    }
}

/// Calls made at one point of a request's service time.
public struct CallStep: Sendable, Equatable {
    /// Fraction (0...1) of the request's service time its container has worked when it
    /// makes the calls; the rest of the work follows once they all answered.
    public var at: Double
    /// A sequential step holds one call (its `count` calls follow one another); a
    /// parallel group holds several, all sent at once and all awaited.
    public var calls: [CallSpec]
    public var parallel: Bool

    public init(at: Double, calls: [CallSpec], parallel: Bool = false) {
        self.at = at
        self.calls = calls
        self.parallel = parallel
    }
}

public enum ServiceCallGraph {
    /// A cycle among the services' calls (a service that reaches itself), as the list
    /// of service names along it, first repeated at the end; nil when there is none.
    /// Services are visited in order, so the cycle reported is always the same one.
    /// `calls[s]` are the indices of the services service `s` calls.
    public static func cycle(names: [String], calls: [[Int]]) -> [String]? {
        var state = Array(repeating: 0, count: names.count)  // 0 new, 1 on the path, 2 done
        var path: [Int] = []
        func visit(_ s: Int) -> [String]? {
            state[s] = 1
            path.append(s)
            for t in calls[s] {
                if state[t] == 1 {
                    let start = path.firstIndex(of: t)!
                    return (path[start...] + [t]).map { names[$0] }
                }
                if state[t] == 0, let found = visit(t) { return found }
            }
            path.removeLast()
            state[s] = 2
            return nil
        }
        for s in names.indices where state[s] == 0 {
            if let found = visit(s) { return found }
        }
        return nil
    }
}
